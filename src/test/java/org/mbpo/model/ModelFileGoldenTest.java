package org.mbpo.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbpo.GoldenCpu;
import org.mbpo.data.TransitionBatch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A model file written before the refactor of issue 13 ({@code src/test/resources/golden/model.bin},
 * made by {@code RecordGolden.java} at commit 5c6cb54): the same seeded trainer on the same data writes
 * the same file today (every byte but the training's wall-clock seconds), and the old file loads and
 * samples exactly as the model trained today.
 */
class ModelFileGoldenTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/model.bin");

    /** RecordGolden's trainer: 4 members, 3 elites, 3 × 20 swish units (padded to 32), decays per layer. */
    static EnsembleModel trainAsRecorded() {
        EnsembleConfig c = new EnsembleConfig(4, 3, 3, 20, new LayerDecays(new double[] {1e-4, 2e-4, 3e-4, 4e-4}), 1e-3,
                0.9, 0.999, 1e-8, 32, 0.2, 5000, 0.01, 5, 8, 0, 0.5, -10, 0.01);
        EnsembleTrainer trainer = new EnsembleTrainer(c, 3, 2, 5, 1);
        trainer.train(TestData.smooth(300, 3, 2, 11));
        return trainer.train(TestData.smooth(500, 3, 2, 12));
    }

    @Test
    void theSameTrainerWritesTheRecordedFile(@TempDir Path dir) throws IOException {
        GoldenCpu.assumeTheRecordingKindOfCpu();
        Path file = dir.resolve("model.bin");
        trainAsRecorded().save(file);
        Parts expected = Parts.of(Files.readAllBytes(GOLDEN));
        Parts actual = Parts.of(Files.readAllBytes(file));
        assertEquals(expected.headerWithoutSeconds(), actual.headerWithoutSeconds(), "the JSON header, wall-clock time aside");
        assertArrayEquals(expected.parameters(), actual.parameters(), "the parameters, bit for bit");
    }

    @Test
    void theRecordedFileLoadsSamplesAsTodaysModelAndSavesBackUnchanged(@TempDir Path dir) throws IOException {
        GoldenCpu.assumeTheRecordingKindOfCpu();
        EnsembleModel old = EnsembleModel.load(GOLDEN);
        EnsembleModel now = trainAsRecorded();
        TransitionBatch data = TestData.smooth(200, 3, 2, 13);
        EnsembleModel.Sample a = old.sample(data.observations(), data.actions(), 200, new SplittableRandom(4));
        EnsembleModel.Sample b = now.sample(data.observations(), data.actions(), 200, new SplittableRandom(4));
        assertArrayEquals(a.nextObservations(), b.nextObservations(), "sampled next observations");
        assertArrayEquals(a.rewards(), b.rewards(), "sampled rewards");
        Path again = dir.resolve("again.bin");
        old.save(again);
        assertArrayEquals(Files.readAllBytes(GOLDEN), Files.readAllBytes(again), "load then save gives the same bytes");
    }

    /** A model file's JSON header and parameter bytes (the layout {@link ModelFile} documents). */
    record Parts(JsonNode header, byte[] parameters) {
        static Parts of(byte[] file) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
            b.position(ModelFile.MAGIC.length + 4);
            int jsonLength = b.getInt();
            JsonNode header = new ObjectMapper().readTree(Arrays.copyOfRange(file, b.position(), b.position() + jsonLength));
            int start = b.position() + jsonLength;
            return new Parts(header, Arrays.copyOfRange(file, start, file.length - 8));
        }

        JsonNode headerWithoutSeconds() {
            JsonNode h = header.deepCopy();
            ((ObjectNode) h.get("training")).remove("seconds");
            return h;
        }
    }
}

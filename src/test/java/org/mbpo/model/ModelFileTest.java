package org.mbpo.model;

import org.mbpo.data.TransitionBatch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Save and load: identical predictions and provenance; corrupt, truncated and inconsistent files are refused with one line. */
class ModelFileTest {
    static EnsembleModel model;
    static final TransitionBatch DATA = TestData.smooth(400, 3, 2, 3);

    @BeforeAll
    static void train() {
        model = new EnsembleTrainer(TestData.small(5), 3, 2, 17, 2).train(DATA);
    }

    @Test
    void aLoadedModelPredictsExactlyAsTheSavedOne(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.bin");
        model.save(file);
        EnsembleModel loaded = EnsembleModel.load(file);
        EnsembleModel.Sample a = model.sample(DATA.observations(), DATA.actions(), 400, new SplittableRandom(4));
        EnsembleModel.Sample b = loaded.sample(DATA.observations(), DATA.actions(), 400, new SplittableRandom(4));
        assertArrayEquals(a.nextObservations(), b.nextObservations(), "sampled next observations");
        assertArrayEquals(a.rewards(), b.rewards(), "sampled rewards");
        EnsemblePrediction p = model.predict(DATA.observations(), DATA.actions(), 400);
        EnsemblePrediction q = loaded.predict(DATA.observations(), DATA.actions(), 400);
        assertArrayEquals(p.means(), q.means());
        assertArrayEquals(p.variances(), q.variances());
        assertEquals(model.provenance(), loaded.provenance());
        assertArrayEquals(model.elites(), loaded.elites());
        assertArrayEquals(model.training().holdoutMse(), loaded.training().holdoutMse());
        assertEquals(model.training().stopReason(), loaded.training().stopReason());
        assertArrayEquals(model.inputStd(), loaded.inputStd());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void aCorruptOrTruncatedFileIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.bin");
        model.save(file);
        byte[] good = Files.readAllBytes(file);

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        Files.write(file, flipped);
        assertMessage(file, "checksum mismatch: the model file is corrupt or truncated");

        Files.write(file, java.util.Arrays.copyOf(good, good.length - 100));
        assertMessage(file, "checksum mismatch: the model file is corrupt or truncated");

        Files.writeString(file, "{\"not\": \"a model\"}");
        assertMessage(file, "not an mbpo model file (it does not start with MBPO-ENS)");

        assertMessage(dir.resolve("missing.bin"), "no such file");
    }

    @Test
    void aHeaderThatDoesNotMatchTheParametersIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.bin");
        model.save(file);
        byte[] good = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN);
        int jsonLength = buf.getInt(12);
        String json = new String(good, 16, jsonLength, StandardCharsets.UTF_8);
        assertTrue(json.contains("\"obsDim\":3"), json);
        // Same length, valid checksum, but a header that claims 4 observation dimensions.
        byte[] edited = good.clone();
        byte[] replaced = json.replace("\"obsDim\":3", "\"obsDim\":4").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(replaced, 0, edited, 16, jsonLength);
        CRC32 crc = new CRC32();
        crc.update(edited, 0, edited.length - 8);
        ByteBuffer.wrap(edited).order(ByteOrder.LITTLE_ENDIAN).putLong(edited.length - 8, crc.getValue());
        Files.write(file, edited);
        IOException e = assertThrows(IOException.class, () -> EnsembleModel.load(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("parameters, but the header's shape"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }

    @Test
    void aFailedSaveLeavesTheExistingFileIntact(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.bin");
        model.save(file);
        byte[] before = Files.readAllBytes(file);
        IOException e = assertThrows(IOException.class, () -> model.save(dir.resolve("no/such/dir/m.bin")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        model.save(file);
        assertArrayEquals(before, Files.readAllBytes(file), "saving the same model again writes the same bytes");
    }

    private static void assertMessage(Path file, String expected) {
        IOException e = assertThrows(IOException.class, () -> EnsembleModel.load(file));
        assertEquals(file + ": " + expected, e.getMessage());
    }
}

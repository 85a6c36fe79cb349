package org.mbpo.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.mbpo.nn.NativeArray;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * The model file format: {@code "MBPO-ENS"}, a format version (int), a JSON header (int length, then
 * UTF-8: dimensions, provenance, elites, input scaler, last training's metrics), the parameters (int
 * count, then little-endian floats in {@link GaussianEnsemble}'s layout), and a CRC-32 (long) of
 * everything before it. Written atomically; read with every size checked against the header.
 */
final class ModelFile {
    private ModelFile() {
    }

    static final byte[] MAGIC = "MBPO-ENS".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** The JSON header. */
    record Header(int obsDim, int actDim, Provenance provenance, int[] elites, float[] inputMean, float[] inputStd,
                  TrainingMetrics training) {
    }

    static void write(EnsembleModel model, Path file) throws IOException {
        GaussianEnsemble net = model.network();
        Header header = new Header(model.observationDim(), model.actionDim(), model.provenance(), model.elites(),
                model.inputMean(), model.inputStd(), model.training());
        byte[] json = JSON.writeValueAsBytes(header);
        int n = net.size;
        ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 4 + 4 + json.length + 4 + 4 * n + 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putInt(FORMAT).putInt(json.length).put(json).putInt(n);
        for (int i = 0; i < n; i++) {
            buf.putFloat(net.params.get(i));
        }
        CRC32 crc = new CRC32();
        crc.update(buf.array(), 0, buf.position());
        buf.putLong(crc.getValue());
        buf.flip();

        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException(file + ": directory " + dir + " does not exist");
        }
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    static EnsembleModel read(Path file, int threads) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new IOException(file + ": permission denied");
        }
        int minimum = MAGIC.length + 4 + 4 + 4 + 8;
        if (bytes.length < MAGIC.length || !java.util.Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException(file + ": not an mbpo model file (it does not start with MBPO-ENS)");
        }
        if (bytes.length < minimum) {
            throw new IOException(file + ": truncated model file (" + bytes.length + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        if (crc.getValue() != buf.getLong(bytes.length - 8)) {
            throw new IOException(file + ": checksum mismatch: the model file is corrupt or truncated");
        }
        buf.position(MAGIC.length);
        int format = buf.getInt();
        if (format != FORMAT) {
            throw new IOException(file + ": model file format " + format + ", this version reads format " + FORMAT);
        }
        int jsonLength = buf.getInt();
        if (jsonLength < 0 || jsonLength > buf.remaining() - 12) {
            throw new IOException(file + ": bad header length " + jsonLength);
        }
        Header h;
        try {
            h = JSON.readValue(bytes, buf.position(), jsonLength, Header.class);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": unreadable model header: " + firstLine(e.getOriginalMessage()));
        }
        buf.position(buf.position() + jsonLength);
        if (h.provenance() == null || h.provenance().config() == null || h.elites() == null || h.inputMean() == null
                || h.inputStd() == null) {
            throw new IOException(file + ": model header lacks provenance, config, elites or scaler");
        }
        EnsembleConfig c = h.provenance().config();
        if (h.obsDim() < 1 || h.actDim() < 1) {
            throw new IOException(file + ": bad dimensions obs " + h.obsDim() + ", act " + h.actDim());
        }
        int expected = GaussianEnsemble.parameterCount(c.ensembleSize(), h.obsDim() + h.actDim(), h.obsDim() + 1,
                c.hiddenLayers(), c.hiddenUnits());
        int count = buf.getInt();
        if (count != expected) {
            throw new IOException(file + ": " + count + " parameters, but the header's shape (" + c.ensembleSize() + " × "
                    + c.hiddenLayers() + " × " + c.hiddenUnits() + ", obs " + h.obsDim() + ", act " + h.actDim() + ") needs " + expected);
        }
        if (buf.remaining() != 4L * count + 8) {
            throw new IOException(file + ": " + (buf.remaining() - 8) + " bytes of parameters, expected " + 4L * count);
        }
        NativeArray params = NativeArray.allocate(count);
        for (int i = 0; i < count; i++) {
            float v = buf.getFloat();
            if (!Float.isFinite(v)) {
                throw new IOException(file + ": parameter " + i + " is " + v);
            }
            params.set(i, v);
        }
        try {
            GaussianEnsemble net = GaussianEnsemble.of(c.ensembleSize(), h.obsDim() + h.actDim(), h.obsDim() + 1,
                    c.hiddenLayers(), c.hiddenUnits(), params);
            return new EnsembleModel(net, new InputScaler(h.inputMean(), h.inputStd()), h.elites(), h.obsDim(), h.actDim(),
                    h.provenance(), h.training(), threads);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": inconsistent model file: " + e.getMessage());
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no detail)";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

package org.mbpo.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The checkpoint file of every training run, MBPO's and SAC's: the same framing and the same rules, each
 * algorithm writing its own state into it.
 *
 * <h2>Framing</h2>
 * An eight-byte magic naming the algorithm's checkpoint, the format (int), a JSON header (int length, then
 * UTF-8) that identifies the run ({@link #identity}: format, version, env, seed, dimensions, every setting,
 * plus what the algorithm adds), the binary state (big-endian, {@link DataOutputStream}), and last a CRC-32
 * (long) of everything before it.
 *
 * <h2>Rules</h2>
 * Written atomically: into a hidden file beside the target, forced to disk, then renamed over the old
 * checkpoint, so a reader finds the old checkpoint or the new one, never a part (also after {@code kill -9} or
 * a power cut). Read in two passes: the checksum over the whole file first, then the contents; a checkpoint is
 * only applied if both pass, its body ends exactly at the checksum, and it belongs to the same run (version,
 * env, seed, dimensions, settings: {@link #requireSameRun}). Anything else is refused with one
 * {@link CheckpointException} line that names the file; nothing has been applied then.
 */
public final class CheckpointFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] magic;
    private final int format;
    private final int oldestFormat;

    /** What writes an algorithm's state after the header. */
    @FunctionalInterface
    public interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    /** What reads an algorithm's state (of {@code format}, with its header) and applies it, once it has all been read. */
    @FunctionalInterface
    public interface Reader {
        void read(int format, JsonNode header, DataInputStream in) throws IOException;
    }

    /**
     * Checkpoints starting with {@code magic} (eight ASCII characters), written in {@code format} and readable
     * from {@code oldestFormat} on.
     */
    public CheckpointFile(String magic, int format, int oldestFormat) {
        this.magic = magic.getBytes(StandardCharsets.US_ASCII);
        if (this.magic.length != 8 || oldestFormat < 1 || oldestFormat > format) {
            throw new IllegalArgumentException("a checkpoint magic of 8 characters and formats 1 ≤ oldest ≤ current");
        }
        this.format = format;
        this.oldestFormat = oldestFormat;
    }

    /** The format this writes. */
    public int format() {
        return format;
    }

    /** The code version written into checkpoints (the jar's version, or "development build"). */
    public static String version() {
        String v = CheckpointFile.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    /**
     * The header fields that identify a run: this format, the code version, the environment, the seed, the
     * dimensions and every setting (as config.json's sections); the caller adds its own fields.
     */
    public ObjectNode identity(String envId, long seed, int obsDim, int actDim, Object settings) {
        ObjectNode h = JSON.createObjectNode();
        h.put("format", format);
        h.put("version", version());
        h.put("env", envId);
        h.put("seed", seed);
        h.put("obs_dim", obsDim);
        h.put("act_dim", actDim);
        h.set("settings", JSON.valueToTree(settings));
        return h;
    }

    /**
     * Writes the header and {@code body} to {@code file} atomically (see the class comment).
     *
     * @throws IOException if the file cannot be written (the old checkpoint, if any, is left as it was)
     */
    public void write(Path file, ObjectNode header, Body body) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = asideOf(target);
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream raw = Channels.newOutputStream(channel);
                CRC32 crc = new CRC32();
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(raw, crc), 1 << 16));
                out.write(magic);
                out.writeInt(format);
                byte[] json = JSON.writeValueAsBytes(header);
                out.writeInt(json.length);
                out.write(json);
                body.write(out);
                out.flush();
                ByteBuffer tail = ByteBuffer.allocate(8).putLong(crc.getValue());
                tail.flip();
                while (tail.hasRemaining()) {
                    channel.write(tail);
                }
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(dir + " does not support atomic renames; a checkpoint cannot be written safely there");
            }
            moved = true;
            forceDirectory(dir);
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Where to write {@code target} before renaming it into place: a hidden file beside it, named after this
     * process (so two processes never share one; the directory lock keeps a second trainer out).
     */
    public static Path asideOf(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    }

    /** Makes the rename durable where the platform allows opening a directory (Linux does). */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not possible on every platform; the rename itself is still atomic.
        }
    }

    /**
     * Reads {@code file}: verifies its checksum, then hands the header and the state to {@code reader}, which
     * must read the state to its end and apply it only then.
     *
     * @throws CheckpointException (one line, naming the file) if the file is missing, unreadable, corrupt or
     *                             truncated, of another format, or refused by the reader
     */
    public void read(Path file, Reader reader) {
        verifyChecksum(file);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            in.readFully(new byte[magic.length]);
            int fileFormat = in.readInt();
            byte[] json = new byte[in.readInt()];
            in.readFully(json);
            JsonNode header = JSON.readTree(json);
            reader.read(fileFormat, header, in);
        } catch (CheckpointException e) {
            throw e;
        } catch (EOFException e) {
            throw new CheckpointException(file + ": truncated checkpoint");
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(file + ": unreadable checkpoint: " + oneLine(e));
        }
    }

    /**
     * Throws, from inside a {@link Reader}, unless the state has been read to its end (the checksum is all that
     * is left).
     */
    public static void requireEnd(DataInputStream in) throws IOException {
        int left = in.available();
        if (left != 8) {
            throw new IOException("the contents end " + (left - 8) + " bytes before the checksum");
        }
    }

    /** Fails unless the checkpoint starts right, is of a readable format and its CRC-32 matches; reads the file once. */
    private void verifyChecksum(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file + ": no checkpoint (the run has not finished its first evaluation)");
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot read the checkpoint: " + oneLine(e));
        }
        if (size < magic.length + 4 + 4 + 8) {
            throw new CheckpointException(file + ": truncated checkpoint (" + size + " bytes)");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] start = raw.readNBytes(magic.length);
            if (!Arrays.equals(start, magic)) {
                throw new CheckpointException(file + ": not " + describe() + " (it does not start with "
                        + new String(magic, StandardCharsets.US_ASCII) + ")");
            }
            CRC32 crc = new CRC32();
            crc.update(start);
            CheckedInputStream checked = new CheckedInputStream(raw, crc);
            byte[] chunk = new byte[1 << 16];
            long left = size - magic.length - 8;
            int fileFormat = ByteBuffer.wrap(checked.readNBytes(4)).getInt();
            left -= 4;
            if (fileFormat < oldestFormat || fileFormat > format) {
                throw new CheckpointException(file + ": checkpoint format " + fileFormat + ", this version reads "
                        + (oldestFormat == format ? "format " + format : "formats " + oldestFormat + " to " + format));
            }
            while (left > 0) {
                int n = checked.read(chunk, 0, (int) Math.min(chunk.length, left));
                if (n < 0) {
                    throw new CheckpointException(file + ": truncated checkpoint");
                }
                left -= n;
            }
            long stored = ByteBuffer.wrap(raw.readNBytes(8)).getLong();
            if (stored != crc.getValue()) {
                throw new CheckpointException(file + ": checksum mismatch: the checkpoint is corrupt or truncated");
            }
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot read the checkpoint: " + oneLine(e));
        }
    }

    private String describe() {
        String m = new String(magic, StandardCharsets.US_ASCII);
        return m.startsWith("MBPO-CKP") ? "an mbpo checkpoint" : "a checkpoint of this kind";
    }

    /**
     * Refuses a checkpoint of another run: its {@code keys} (of {@link #identity}'s, e.g. version, env, seed)
     * and its settings must equal {@code ours}'.
     *
     * @throws CheckpointException naming the file and the first difference
     */
    public static void requireSameRun(Path file, JsonNode theirs, ObjectNode ours, List<String> keys) {
        JsonNode expected;
        try {
            expected = JSON.readTree(JSON.writeValueAsBytes(ours));  // as the file's header reads back
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (String key : keys) {
            if (!expected.get(key).equals(theirs.get(key))) {
                throw new CheckpointException(file + ": the checkpoint is for another run: its " + key + " is "
                        + theirs.get(key) + ", this run's is " + expected.get(key));
            }
        }
        JsonNode mine = expected.get("settings");
        JsonNode saved = theirs.get("settings");
        if (saved == null || !mine.equals(saved)) {
            throw new CheckpointException(file + ": the checkpoint is for another run: its settings differ"
                    + firstDifference(mine, saved));
        }
    }

    /** " (first: mbpo.real_ratio is 0.1 here, 0.05 in the checkpoint)" for the first differing field. */
    private static String firstDifference(JsonNode mine, JsonNode theirs) {
        if (theirs == null) {
            return "";
        }
        for (Iterator<String> sections = mine.fieldNames(); sections.hasNext(); ) {
            String section = sections.next();
            JsonNode a = mine.get(section);
            JsonNode b = theirs.get(section);
            for (Iterator<String> keys = a.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (b == null || !a.get(key).equals(b.get(key))) {
                    return " (first: " + section + "." + key + " is " + a.get(key) + " here, "
                            + (b == null ? "missing" : b.get(key)) + " in the checkpoint)";
                }
            }
        }
        return "";
    }

    // ---- What every run's header carries --------------------------------------------------------------

    /** Adds the SAC updates, the seconds trained, the session and the progress rows (CSV lines) of {@code run} to {@code header}. */
    public static void putProgress(ObjectNode header, TrainingRun run) {
        header.put("updates", run.updates());
        header.put("trained_seconds", run.totals().trainedSeconds());
        header.put("session", run.totals().session());
        ArrayNode progress = header.putArray("progress");
        for (String row : run.progressRows()) {
            progress.add(row);
        }
    }

    /** The progress rows {@link #putProgress} wrote, as CSV lines. */
    public static List<String> progress(JsonNode header) {
        List<String> rows = new ArrayList<>();
        for (JsonNode line : header.get("progress")) {
            rows.add(line.asText());
        }
        return rows;
    }

    /** Continues the seconds trained and the session {@link #putProgress} wrote in {@code totals}, one session on. */
    public static void resumeTotals(JsonNode header, RunTotals totals) {
        totals.resumeFrom(header.get("trained_seconds").asDouble(), header.get("session").asInt());
    }

    /** The first line of an exception's message (a JSON error's own message, without its location lines). */
    public static String oneLine(Exception e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (m == null) {
            m = e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}

package org.mbpo.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A sweep's directory, besides its cells' run directories ({@code SETTING/seedS}):
 * <ul>
 *   <li>{@code sweep.json}: the spec the directory was made for, written once; a spec whose cells would run
 *       anything else is refused ({@link #open}), naming the difference;</li>
 *   <li>{@code cells.csv}: {@code cell,setting,seed,dir,log}, the numbering {@code --cell I} and Slurm's array task
 *       ids use;</li>
 *   <li>{@code logs/SETTING-seedS.log}: the output of every attempt at a cell (either engine), and
 *       {@code logs/SETTING-seedS.exit}: the exit status of its last attempt (absent while one runs, or after a
 *       {@code kill -9});</li>
 *   <li>{@code locks/SETTING-seedS.lock}: locked while a process runs the cell, so no cell runs twice at once;</li>
 *   <li>{@code slurm/}: the batch script, the jar the array runs and {@code jobs.csv} (see {@link SlurmArray}).</li>
 * </ul>
 * Nothing here is ever overwritten with something else, and the files are written aside and renamed into place,
 * so processes of several nodes may open the same directory at once.
 */
public final class SweepDirectory {
    public static final String SPEC = "sweep.json";
    public static final String CELLS = "cells.csv";
    public static final String LOGS = "logs";
    private static final String LOCKS = "locks";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SweepDirectory() {
    }

    /**
     * Checks {@code dir} against {@code spec}, without writing anything.
     *
     * @throws IllegalArgumentException (one line) if it was made for another spec, or is not a sweep directory
     */
    public static void check(SweepSpec spec, Path dir) {
        Path recorded = dir.resolve(SPEC);
        if (!Files.exists(recorded)) {
            if (Files.isDirectory(dir) && !Files.isDirectory(dir.resolve(LOGS)) && !isEmpty(dir)) {
                throw new IllegalArgumentException(dir + " holds files but is not a sweep directory (no " + SPEC + "); choose a new --out");
            }
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new IllegalArgumentException(dir + " exists and is not a directory; choose a new --out");
            }
            return;
        }
        SweepSpec was;
        try {
            was = SweepSpec.read(recorded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(dir + ": its record of the spec is unreadable (" + e.getMessage() + ")");
        }
        List<String> differences = spec.differencesFrom(was);
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException(dir + " was made for another spec (" + recorded + "): " + String.join("; ", differences)
                    + "; give the spec it was made for, or a new --out for this one");
        }
    }

    /**
     * Opens {@code dir} for {@code spec}: checks it ({@link #check}), then creates it with {@code sweep.json},
     * {@code cells.csv} and {@code logs/} where they are missing. Mutates the file system.
     */
    public static void open(SweepSpec spec, Path dir) {
        check(spec, dir);
        try {
            Files.createDirectories(dir.resolve(LOGS));
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("name", spec.name());
            record.put("base", spec.base());
            record.put("settings", spec.settings());
            record.put("seeds", spec.seeds());
            writeOnce(dir.resolve(SPEC), JSON.writeValueAsBytes(record));
            List<String> lines = new ArrayList<>();
            lines.add("cell,setting,seed,dir,log");
            List<SweepSpec.Cell> cells = spec.cells();
            for (int i = 0; i < cells.size(); i++) {
                SweepSpec.Cell c = cells.get(i);
                lines.add(i + "," + c.setting() + "," + c.seed() + "," + c.setting() + "/seed" + c.seed() + "," + LOGS + "/" + name(c) + ".log");
            }
            writeOnce(dir.resolve(CELLS), (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write into the sweep directory " + dir + ": " + e.getMessage(), e);
        }
        check(spec, dir);  // another process may have written its record first
    }

    /**
     * Writes {@code file} unless it exists: aside first, then linked into place, which fails rather than replace a
     * file another process put there meanwhile (a rename would replace it); where links are not supported, renamed.
     */
    private static void writeOnce(Path file, byte[] content) throws IOException {
        if (Files.exists(file)) {
            return;
        }
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.write(tmp, content);
        try {
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException raced) {
            // another process wrote it first; check() compares
        } catch (UnsupportedOperationException | IOException noLinks) {
            if (!Files.exists(file)) {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** {@code SETTING-seedS}: the cell's name in {@code logs/} and {@code locks/}. */
    public static String name(SweepSpec.Cell cell) {
        return cell.setting() + "-seed" + cell.seed();
    }

    /** The cell's log. */
    public static Path log(Path dir, SweepSpec.Cell cell) {
        return dir.resolve(LOGS).resolve(name(cell) + ".log");
    }

    private static Path exitFile(Path dir, SweepSpec.Cell cell) {
        return dir.resolve(LOGS).resolve(name(cell) + ".exit");
    }

    /** The exit status of the cell's last attempt, if it ended by itself. */
    public static OptionalInt lastExit(Path dir, SweepSpec.Cell cell) {
        try {
            return OptionalInt.of(Integer.parseInt(Files.readString(exitFile(dir, cell)).strip()));
        } catch (NoSuchFileException | NumberFormatException e) {
            return OptionalInt.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + exitFile(dir, cell), e);
        }
    }

    /** Records the end of an attempt ({@code status}), or, with null, that one is under way. Mutates the directory. */
    public static void recordExit(Path dir, SweepSpec.Cell cell, Integer status) {
        Path file = exitFile(dir, cell);
        try {
            if (status == null) {
                Files.deleteIfExists(file);
                return;
            }
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(tmp, status + "\n");
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** A held cell lock; close to release. */
    public static final class CellLock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private CellLock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() {
            try {
                if (lock != null && lock.isValid()) {
                    lock.release();
                }
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Locks the cell for this process, or returns null if another process holds it. On a file system without
     * locks, the lock is a no-op (returned, holding nothing).
     */
    public static CellLock lock(Path dir, SweepSpec.Cell cell) {
        Path file = dir.resolve(LOCKS).resolve(name(cell) + ".lock");
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = channel.tryLock();
            if (l == null) {
                channel.close();
                return null;
            }
            return new CellLock(channel, l);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            return null;
        } catch (IOException e) {
            closeQuietly(channel);
            return new CellLock(null, null);
        }
    }

    /** Whether some process holds the cell's lock now (creates nothing). */
    public static boolean isLocked(Path dir, SweepSpec.Cell cell) {
        Path file = dir.resolve(LOCKS).resolve(name(cell) + ".lock");
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock l = channel.tryLock();
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing held
            }
        }
    }

    static boolean isEmpty(Path d) {
        try (var s = Files.list(d)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}

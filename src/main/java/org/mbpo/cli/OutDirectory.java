package org.mbpo.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The {@code --out} directory of a command: checked before any work starts, created through the command's own
 * run-directory type, and every way that can fail turned into one {@link UserError} line naming the directory
 * and what to do.
 */
final class OutDirectory {
    private OutDirectory() {
    }

    /**
     * Checks, creating nothing, that {@code dir} is new or an empty directory and that its nearest existing
     * ancestor is a writable directory.
     *
     * @param advice what to do when it already holds files, e.g. "choose a new --out directory"
     */
    static void checkCreatable(Path dir, String advice) {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new UserError("--out " + dir + ": exists and is not a directory; choose a new --out directory");
            }
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new UserError("--out " + dir + ": already holds files; " + advice);
                }
            } catch (IOException e) {
                throw new UserError("--out " + dir + ": cannot be read (" + reason(e) + "); choose another --out directory");
            }
            return;
        }
        Path ancestor = dir.toAbsolutePath().getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor != null && (!Files.isDirectory(ancestor) || !Files.isWritable(ancestor))) {
            throw new UserError("--out " + dir + ": cannot be created (" + ancestor + (Files.isDirectory(ancestor)
                    ? " is not writable" : " is not a directory") + "); choose another --out directory");
        }
    }

    /**
     * Creates the directory with {@code create} (a run directory's factory), turning its refusals (not empty) and
     * I/O failures (not creatable) into one line.
     */
    static <T> T create(Path dir, Supplier<T> create) {
        try {
            return create.get();
        } catch (IllegalArgumentException e) {
            throw new UserError("--out: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new UserError("--out " + dir + ": cannot be created (" + reason(e.getCause()) + "); choose another --out directory", e);
        }
    }

    /** A short reason for an I/O failure, e.g. "permission denied" (Java's messages for these are often only the path). */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " exists and is not a directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    }
}

package org.mbpo.cli;

import org.mbpo.run.RunDirectory;

import java.nio.file.Path;

/** What the experiment commands share. */
final class Experiments {
    private Experiments() {
    }

    /** A new output directory, or a {@link UserError} saying why not. */
    static RunDirectory createDirectory(Path dir) {
        return OutDirectory.create(dir, () -> RunDirectory.create(dir));
    }
}

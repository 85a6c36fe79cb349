package org.mbpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link NotebookJson} writes the committed notebooks (saved by Jupyter's nbformat) back byte for byte. */
class NotebookJsonTest {

    @Test
    void everyCommittedNotebookRoundTripsByteForByte() throws Exception {
        for (Path notebook : CommittedNotebooksTest.committed()) {
            String saved = Files.readString(notebook);
            // nbconvert --inplace leaves no newline at the end, nbformat.write one: either is kept as found.
            String end = saved.endsWith("\n") ? "\n" : "";
            assertEquals(saved, NotebookJson.format(NotebookJson.read(notebook)) + end, notebook.toString());
        }
    }
}

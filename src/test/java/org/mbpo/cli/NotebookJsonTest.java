package org.mbpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@link NotebookJson} writes the committed notebooks (saved by Jupyter's nbformat) back byte for byte. */
class NotebookJsonTest {

    @Test
    void everyCommittedNotebookRoundTripsByteForByte() throws Exception {
        List<Path> notebooks;
        try (Stream<Path> files = Files.list(Path.of("notebooks"))) {
            notebooks = files.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertEquals(9, notebooks.size(), "the nine notebooks");
        for (Path notebook : notebooks) {
            String saved = Files.readString(notebook);
            // nbconvert --inplace leaves no newline at the end, nbformat.write one: either is kept as found.
            String end = saved.endsWith("\n") ? "\n" : "";
            assertEquals(saved, NotebookJson.format(NotebookJson.read(notebook)) + end, notebook.toString());
        }
    }
}

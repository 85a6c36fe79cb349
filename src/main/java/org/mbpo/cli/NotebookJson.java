package org.mbpo.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Notebook files read and written the way nbformat writes them ({@code json.dumps(nb, sort_keys=True,
 * indent=1, ensure_ascii=False)}, no newline at the end), so that a notebook this project edits differs from
 * the one Jupyter saved only where its content does.
 */
final class NotebookJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private NotebookJson() {
    }

    static ObjectNode read(Path notebook) {
        try {
            return (ObjectNode) MAPPER.readTree(notebook.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + notebook, e);
        }
    }

    /** The text nbformat would write for {@code notebook}. */
    static String format(JsonNode notebook) {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultIndenter indenter = new DefaultIndenter(" ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators)
                .withObjectIndenter(indenter).withArrayIndenter(indenter);
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = MAPPER.getFactory().createGenerator(out)) {
            generator.setPrettyPrinter(printer);
            write(generator, notebook);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes {@code notebook} over {@code file}, keeping the file's own ending (a newline or none). */
    static void write(Path file, JsonNode notebook) {
        try {
            String end = Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).endsWith("\n") ? "\n" : "";
            Files.writeString(file, format(notebook) + end, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Writes {@code node} with every object's keys sorted, as Python's {@code sort_keys=True} does. */
    private static void write(JsonGenerator g, JsonNode node) throws IOException {
        if (node.isObject()) {
            g.writeStartObject();
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            Collections.sort(keys);
            for (String key : keys) {
                g.writeFieldName(key);
                write(g, node.get(key));
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode item : node) {
                write(g, item);
            }
            g.writeEndArray();
        } else {
            g.writeTree(node);
        }
    }
}

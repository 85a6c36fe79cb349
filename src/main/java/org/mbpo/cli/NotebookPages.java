package org.mbpo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./mbpo notebooks --html DIR}: the notebooks, with the outputs they carry, as static HTML pages
 * ({@code jupyter nbconvert --to html}, images embedded) and an {@code index.html} that lists them with
 * their titles, the part of the paper each follows, and the mode and commit their outputs were made
 * with — for readers without Jupyter.
 */
final class NotebookPages {
    /** One notebook's entry in the index. */
    record Entry(String file, String page, String title, String paper, String executed) {
    }

    private NotebookPages() {
    }

    /**
     * Converts {@code notebooks} into {@code outDir} and writes its index.
     *
     * @param mathJaxUrl the MathJax script the pages load, or null for nbconvert's default (a CDN)
     * @return the entries of the index, in order
     */
    static List<Entry> write(Jupyter jupyter, List<Path> notebooks, Path outDir, String mathJaxUrl, PrintWriter out) {
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new UserError("--html: cannot create " + outDir + ": " + e.getMessage(), e);
        }
        List<Entry> entries = new ArrayList<>();
        for (Path notebook : notebooks) {
            List<String> command = jupyter.command("nbconvert", "--to", "html", "--output-dir=" + outDir);
            if (mathJaxUrl != null) {
                command.add("--HTMLExporter.mathjax_url=" + mathJaxUrl);
            }
            command.add(notebook.toString());
            Path log = outDir.resolve(".nbconvert.log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            int status = Processes.run(builder);
            if (status != 0) {
                String why;
                try {
                    why = Files.readString(log, StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    why = "(no output)";
                }
                throw new UserError("--html: nbconvert failed on " + notebook.getFileName() + ": "
                        + why.lines().reduce((a, b) -> b).orElse(why));
            }
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                // a stale log is harmless
            }
            Entry entry = entry(notebook);
            entries.add(entry);
            out.printf("%-48s -> %s%n", notebook.getFileName(), outDir.resolve(entry.page()));
        }
        Path index = outDir.resolve("index.html");
        try {
            Files.writeString(index, index(entries), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError("--html: cannot write " + index + ": " + e.getMessage(), e);
        }
        out.println("open " + index);
        out.flush();
        return entries;
    }

    /** A notebook's title (its first heading), the paper line under it, and how its outputs were made. */
    static Entry entry(Path notebook) {
        JsonNode nb;
        try {
            nb = new ObjectMapper().readTree(notebook.toFile());
        } catch (IOException e) {
            throw new UserError("cannot read " + notebook + ": " + e.getMessage(), e);
        }
        String file = notebook.getFileName().toString();
        String title = file;
        String paper = "";
        for (JsonNode cell : nb.path("cells")) {
            if (!"markdown".equals(cell.path("cell_type").asText())) {
                continue;
            }
            List<String> lines = source(cell).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            if (!lines.isEmpty() && lines.get(0).startsWith("#")) {
                title = lines.get(0).replaceFirst("^#+\\s*", "");
                if (lines.size() > 1 && lines.get(1).startsWith("*") && lines.get(1).endsWith("*")) {
                    paper = lines.get(1).substring(1, lines.get(1).length() - 1);
                }
            }
            break;
        }
        JsonNode stamp = nb.path("metadata").path("mbpo");
        String executed = stamp.isMissingNode() ? "outputs of unknown origin"
                : stamp.path("mode").asText() + " mode, " + stamp.path("executed").asText()
                + (stamp.has("commit") ? ", commit " + stamp.path("commit").asText() : "");
        return new Entry(file, file.replaceAll("\\.ipynb$", ".html"), title, paper, executed);
    }

    private static String source(JsonNode cell) {
        JsonNode source = cell.path("source");
        if (source.isTextual()) {
            return source.asText();
        }
        StringBuilder b = new StringBuilder();
        source.forEach(line -> b.append(line.asText()));
        return b.toString();
    }

    /** The index page. */
    static String index(List<Entry> entries) {
        StringBuilder b = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <title>mbpo: the notebooks</title>
                <style>
                body { font-family: sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #222; }
                table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .4em .6em;
                border-bottom: 1px solid #ddd; vertical-align: top; } .small { color: #666; font-size: 90%; }
                </style></head><body>
                <h1>mbpo: the notebooks</h1>
                <p>The notebooks of the <code>mbpo</code> package walk through <em>When to Trust Your Model: Model-Based
                Policy Optimization</em> (Janner, Fu, Zhang &amp; Levine, NeurIPS 2019) in the paper's order: the bounds
                next to the exact quantities they bound, then MBPO trained and measured. These pages are the notebooks
                with their stored outputs; run them yourself with <code>./mbpo notebooks</code>.</p>
                <table><tr><th>notebook</th><th>the paper</th><th class="small">outputs</th></tr>
                """);
        for (Entry e : entries) {
            b.append("<tr><td><a href=\"").append(escape(e.page())).append("\">").append(escape(e.title()))
                    .append("</a><br><span class=\"small\">").append(escape(e.file())).append("</span></td><td>")
                    .append(escape(e.paper())).append("</td><td class=\"small\">").append(escape(e.executed()))
                    .append("</td></tr>\n");
        }
        return b.append("</table></body></html>\n").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

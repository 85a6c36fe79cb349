package org.mbpo.notebook;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Tablesaw tables as text for {@link Notebook#show(Table, int)}: an HTML table for the notebook,
 * aligned plain text for a terminal, both with numbers formatted by {@link #number(double)} and at
 * most {@code maxRows} rows.
 */
final class TableText {

    private TableText() {
    }

    /**
     * A number as a reader wants to see it in a table: integers without decimals, otherwise four
     * significant digits without trailing zeros, and scientific notation when the magnitude is
     * at least 10⁶ or below 10⁻³ ({@code 3.14159 → "3.142"}, {@code 2.5 → "2.5"},
     * {@code 123456.7 → "123457"}, {@code 1.5e-5 → "1.500e-05"}).
     */
    static String number(double x) {
        if (Double.isNaN(x)) {
            return "NaN";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "∞" : "-∞";
        }
        double magnitude = Math.abs(x);
        if (x == Math.rint(x) && magnitude < 1e15) {
            return Long.toString((long) x);
        }
        if (magnitude >= 1e6 || magnitude < 1e-3) {
            return String.format(Locale.ROOT, "%.3e", x);
        }
        int decimals = Math.max(0, 3 - (int) Math.floor(Math.log10(magnitude)));
        String fixed = String.format(Locale.ROOT, "%." + decimals + "f", x);
        return fixed.contains(".") ? fixed.replaceAll("0+$", "").replaceAll("\\.$", "") : fixed;
    }

    /** An HTML {@code <table>} with a caption (name, rows × columns) and numeric columns right-aligned. */
    static String html(Table table, int maxRows) {
        List<Column<?>> columns = table.columns();
        int shown = Math.min(maxRows, table.rowCount());
        StringBuilder html = new StringBuilder("<table>\n<caption style=\"text-align:left\">")
                .append(escape(caption(table)))
                .append("</caption>\n<thead><tr>");
        for (Column<?> column : columns) {
            html.append("<th>").append(escape(column.name())).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (int row = 0; row < shown; row++) {
            html.append("<tr>");
            for (Column<?> column : columns) {
                String align = column instanceof NumericColumn<?> ? " style=\"text-align:right\"" : "";
                html.append("<td").append(align).append('>').append(escape(cell(column, row))).append("</td>");
            }
            html.append("</tr>\n");
        }
        if (shown < table.rowCount()) {
            html.append("<tr><td colspan=\"").append(columns.size()).append("\">… ")
                    .append(table.rowCount() - shown).append(" more rows</td></tr>\n");
        }
        return html.append("</tbody>\n</table>").toString();
    }

    /** The table as aligned columns of text, under a caption line. */
    static String plain(Table table, int maxRows) {
        List<Column<?>> columns = table.columns();
        int shown = Math.min(maxRows, table.rowCount());
        List<String[]> lines = new ArrayList<>();
        lines.add(columns.stream().map(Column::name).toArray(String[]::new));
        for (int row = 0; row < shown; row++) {
            int r = row;
            lines.add(columns.stream().map(c -> cell(c, r)).toArray(String[]::new));
        }
        int[] widths = new int[columns.size()];
        for (String[] line : lines) {
            for (int c = 0; c < line.length; c++) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        StringBuilder text = new StringBuilder(caption(table)).append('\n');
        for (String[] line : lines) {
            for (int c = 0; c < line.length; c++) {
                boolean right = columns.get(c) instanceof NumericColumn<?>;
                String pad = " ".repeat(widths[c] - line[c].length());
                text.append(c == 0 ? "" : "  ").append(right ? pad + line[c] : line[c] + pad);
            }
            text.append('\n');
        }
        if (shown < table.rowCount()) {
            text.append("… ").append(table.rowCount() - shown).append(" more rows\n");
        }
        return text.toString().stripTrailing();
    }

    private static String caption(Table table) {
        String name = table.name() == null || table.name().isBlank() ? "table" : table.name();
        return name + " (" + table.rowCount() + " rows × " + table.columnCount() + " columns)";
    }

    private static String cell(Column<?> column, int row) {
        if (column.isMissing(row)) {
            return "";
        }
        return column instanceof NumericColumn<?> numbers ? number(numbers.getDouble(row)) : column.getString(row);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

package org.mbpo.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TableTextTest {

    @Test
    void numbersAreFormattedForReading() {
        // Expected strings written by hand from the rule in TableText.number's Javadoc.
        assertEquals("0", TableText.number(0.0));
        assertEquals("0", TableText.number(-0.0));
        assertEquals("42", TableText.number(42.0));
        assertEquals("-7", TableText.number(-7.0));
        assertEquals("3.142", TableText.number(Math.PI));
        assertEquals("2.5", TableText.number(2.5), "trailing zeros go");
        assertEquals("0.01235", TableText.number(0.012345));
        assertEquals("0.001", TableText.number(0.001));
        assertEquals("123457", TableText.number(123456.7), "integer digits are never rounded away");
        assertEquals("1.235e+06", TableText.number(1234567.5));
        assertEquals("1.500e-05", TableText.number(1.5e-5));
        assertEquals("1000000000", TableText.number(1e9), "whole numbers stay whole");
        assertEquals("NaN", TableText.number(Double.NaN));
        assertEquals("∞", TableText.number(Double.POSITIVE_INFINITY));
        assertEquals("-∞", TableText.number(Double.NEGATIVE_INFINITY));
    }

    @Test
    void htmlHasCaptionHeaderFormattedCellsAndEscapedText() {
        Table table = Table.create("errors <k>",
                StringColumn.create("env", "hopper", "a&b"),
                DoubleColumn.create("error", 0.012345, Double.NaN));
        table.doubleColumn("error").setMissing(1);
        String html = TableText.html(table, 10);
        assertTrue(html.contains("<caption style=\"text-align:left\">errors &lt;k&gt; (2 rows × 2 columns)</caption>"), html);
        assertTrue(html.contains("<th>env</th><th>error</th>"), html);
        assertTrue(html.contains("<td>hopper</td><td style=\"text-align:right\">0.01235</td>"), html);
        assertTrue(html.contains("<td>a&amp;b</td><td style=\"text-align:right\"></td>"), "missing is blank: " + html);
    }

    @Test
    void rowsPastTheCapAreCounted() {
        Table table = Table.create("t", IntColumn.create("i", 1, 2, 3, 4, 5));
        String html = TableText.html(table, 2);
        assertEquals(2, html.split("<tr><td").length - 1 - 1, "two data rows plus the note row: " + html);
        assertTrue(html.contains("… 3 more rows"), html);
        assertFalse(html.contains(">3<"), html);
        assertTrue(TableText.plain(table, 2).endsWith("… 3 more rows"));
    }

    @Test
    void plainTextAlignsNumbersRight() {
        Table table = Table.create("t", StringColumn.create("name", "a", "bbb"), IntColumn.create("n", 5, 1234));
        assertEquals("""
                t (2 rows × 2 columns)
                name     n
                a        5
                bbb   1234""", TableText.plain(table, 10));
    }
}

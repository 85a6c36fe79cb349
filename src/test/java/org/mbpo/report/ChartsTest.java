package org.mbpo.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class ChartsTest {
    /** The title's width as a drawing on an image measures it (not the way Charts does: a font's string bounds). */
    private static int drawnWidth(Font font, String title) {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB).createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        try {
            return g.getFontMetrics(font).stringWidth(title);
        } finally {
            g.dispose();
        }
    }

    @Test
    void aLongTitleGetsAFontInWhichItFitsTheChart() {
        String title = "Pendulum-v1-seed1, policies moving away from π_D: return in the model against the real return";
        XYChart chart = Charts.xy(title, "real return", "model return");
        Font font = chart.getStyler().getChartTitleFont();
        int room = Charts.WIDTH - 2 * Charts.TITLE_MARGIN;
        Font plain = Charts.xy("t", "x", "y").getStyler().getChartTitleFont();
        assertTrue(drawnWidth(plain, title) > room, "the title is too wide at the usual size (else this test tests nothing)");
        assertTrue(font.getSize2D() < plain.getSize2D(), "a smaller font");
        assertTrue(drawnWidth(font, title) <= room, drawnWidth(font, title) + " px in " + room);
    }

    @Test
    void aShortTitleKeepsTheUsualFont() {
        Font plain = Charts.xy("t", "x", "y").getStyler().getChartTitleFont();
        String title = "Hopper-v4: evaluation return of each run";
        assertTrue(drawnWidth(plain, title) < Charts.WIDTH / 2);
        assertEquals(plain, Charts.xy(title, "x", "y").getStyler().getChartTitleFont());
    }
}

package org.mbpo.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The kernel adapters against stand-ins shaped like the kernels' own classes (the kernels are not
 * on the test classpath): rapaio's static {@code Global.display(String, Object)}, and JJava's
 * {@code kernel.display(DisplayData)} with {@code DisplayData.putData(String, Object)}.
 */
class KernelDisplayTest {

    /** Stands in for rapaio's {@code org.rapaio.jupyter.kernel.global.Global}. */
    public static final class FakeGlobal {
        static final List<Object[]> CALLS = new ArrayList<>();

        public static String display(String mime, Object o) {
            CALLS.add(new Object[] {mime, o});
            return "id";
        }
    }

    /** Stands in for JJava's {@code org.dflib.jjava.jupyter.kernel.display.DisplayData}. */
    public static final class DisplayData {
        final Map<String, Object> data = new LinkedHashMap<>();

        public DisplayData() {
        }

        public void putData(String mime, Object value) {
            data.put(mime, value);
        }
    }

    /** Stands in for JJava's kernel object. */
    public static final class FakeKernel {
        final List<DisplayData> shown = new ArrayList<>();

        public void display(DisplayData data) {
            shown.add(data);
        }
    }

    @Test
    void outsideAKernelNotebookFallsBackToPlainText() {
        assertEquals("plain text", KernelDisplay.detect().name(), "no kernel classes on the test classpath");
        assertEquals("plain text", Notebook.kernel());
    }

    @Test
    void plainTextPrintsThePlainForm() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new KernelDisplay.PlainText(new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .display("text/html", "<b>hi</b>", "hi");
        assertEquals("hi" + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void rapaioGetsTheMimeTypeAndTheRichValue() throws Exception {
        FakeGlobal.CALLS.clear();
        KernelDisplay rapaio = new KernelDisplay.Rapaio(FakeGlobal.class.getMethod("display", String.class, Object.class));
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        rapaio.display("image/png", image, "[image]");
        rapaio.display("text/html", "<b>hi</b>", "hi");
        assertEquals("image/png", FakeGlobal.CALLS.get(0)[0]);
        assertSame(image, FakeGlobal.CALLS.get(0)[1], "rapaio renders RenderedImage to PNG itself");
        assertArrayEquals(new Object[] {"text/html", "<b>hi</b>"}, FakeGlobal.CALLS.get(1));
    }

    @Test
    void jjavaGetsDisplayDataWithPlainTextAndBase64Png() throws Exception {
        FakeKernel kernel = new FakeKernel();
        KernelDisplay jjava = KernelDisplay.JJava.adapt(kernel).orElseThrow();
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0xff0000);
        jjava.display("image/png", image, "[image 3×2]");

        Map<String, Object> data = kernel.shown.get(0).data;
        assertEquals("[image 3×2]", data.get("text/plain"));
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode((String) data.get("image/png"))));
        assertEquals(3, decoded.getWidth());
        assertEquals(0xff0000, decoded.getRGB(1, 1) & 0xffffff, "the PNG holds the image's pixels");
    }

    @Test
    void anObjectWithoutDisplayIsNoJJavaKernel() {
        assertTrue(KernelDisplay.JJava.adapt(new Object()).isEmpty());
    }
}

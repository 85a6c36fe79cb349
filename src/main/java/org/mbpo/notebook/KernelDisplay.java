package org.mbpo.notebook;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Base64;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Where {@link Notebook} sends what it displays: the display system of the Jupyter kernel this JVM
 * runs in, or standard output when there is none.
 *
 * <p>Kernels are reached by reflection only, so the library has no compile-time dependency on any
 * of them. Each kernel has one small adapter below; {@link #detect()} picks the first that finds
 * its kernel running. Notebook code runs in the kernel's JVM (JShell's local execution), and the
 * notebook class loader delegates to the one that loaded the kernel, so the kernel's classes are
 * visible from ours.
 */
interface KernelDisplay {

    /**
     * Displays one rich value.
     *
     * @param mime      the rich value's MIME type: {@code text/html}, {@code text/markdown} or {@code image/png}
     * @param rich      a {@link String} for text types, a {@link RenderedImage} for {@code image/png}
     * @param plainText what a reader without rich output sees ({@code text/plain})
     */
    void display(String mime, Object rich, String plainText);

    /** The kernel's name, for messages and tests. */
    String name();

    /** The display of the kernel this JVM runs in, or {@link PlainText} outside any kernel. */
    static KernelDisplay detect() {
        return Rapaio.find()
                .or(JJava::find)
                .orElseGet(() -> new PlainText(System.out));
    }

    /** Outside any kernel: prints the plain-text form, so notebook code also runs in a plain JVM. */
    record PlainText(PrintStream out) implements KernelDisplay {
        @Override
        public void display(String mime, Object rich, String plainText) {
            out.println(plainText);
        }

        @Override
        public String name() {
            return "plain text";
        }
    }

    /**
     * rapaio-jupyter-kernel (3.x): {@code org.rapaio.jupyter.kernel.global.Global.display(String mime, Object o)}.
     * It renders a {@link RenderedImage} to PNG itself; it sends one MIME type per display, so the
     * plain-text form is not sent.
     */
    record Rapaio(Method globalDisplay) implements KernelDisplay {
        static Optional<KernelDisplay> find() {
            return loadClass("org.rapaio.jupyter.kernel.global.Global")
                    .flatMap(global -> method(global, "display", String.class, Object.class))
                    .map(Rapaio::new);
        }

        @Override
        public void display(String mime, Object rich, String plainText) {
            invoke(globalDisplay, null, mime, rich);
        }

        @Override
        public String name() {
            return "rapaio-jupyter-kernel";
        }
    }

    /**
     * JJava ({@code org.dflib.jjava}) and the original IJava ({@code io.github.spencerpark.ijava}):
     * the kernel object has {@code display(DisplayData)}, and {@code DisplayData} has a no-argument
     * constructor and {@code putData(String mime, Object data)}; images go as base64 PNG text.
     * The kernel object comes from {@code BaseKernel.notebookKernel()} (JJava 1.0-a6 and later),
     * {@code JJava.getKernelInstance()} (JJava up to 1.0-a5) or {@code IJava.getKernelInstance()}.
     */
    record JJava(Object kernel, Method kernelDisplay, Class<?> displayData) implements KernelDisplay {
        static Optional<KernelDisplay> find() {
            return kernel("org.dflib.jjava.jupyter.kernel.BaseKernel", "notebookKernel")
                    .or(() -> kernel("org.dflib.jjava.JJava", "getKernelInstance"))
                    .or(() -> kernel("io.github.spencerpark.ijava.IJava", "getKernelInstance"))
                    .flatMap(JJava::adapt);
        }

        /** The running kernel from a static accessor, or empty (class absent, or no kernel running). */
        private static Optional<Object> kernel(String className, String accessor) {
            return loadClass(className)
                    .flatMap(c -> method(c, accessor))
                    .flatMap(m -> {
                        try {
                            return Optional.ofNullable(m.invoke(null));
                        } catch (ReflectiveOperationException | RuntimeException e) {
                            return Optional.empty(); // notebookKernel() throws when no kernel runs
                        }
                    });
        }

        /** The adapter for a kernel object with {@code display(DisplayData)}, or empty if it has none. */
        static Optional<KernelDisplay> adapt(Object kernel) {
            for (Method m : kernel.getClass().getMethods()) {
                if (m.getName().equals("display") && m.getParameterCount() == 1
                        && m.getParameterTypes()[0].getSimpleName().equals("DisplayData")) {
                    return Optional.of(new JJava(kernel, m, m.getParameterTypes()[0]));
                }
            }
            return Optional.empty();
        }

        @Override
        public void display(String mime, Object rich, String plainText) {
            try {
                Object data = displayData.getConstructor().newInstance();
                Method putData = displayData.getMethod("putData", String.class, Object.class);
                putData.invoke(data, "text/plain", plainText);
                putData.invoke(data, mime, rich instanceof RenderedImage image ? base64Png(image) : rich);
                invoke(kernelDisplay, kernel, data);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot display through " + displayData.getName(), e);
            }
        }

        @Override
        public String name() {
            return kernel.getClass().getName();
        }
    }

    private static Optional<Class<?>> loadClass(String name) {
        for (ClassLoader loader : new ClassLoader[] {
                KernelDisplay.class.getClassLoader(), Thread.currentThread().getContextClassLoader()}) {
            try {
                return Optional.of(Class.forName(name, true, loader));
            } catch (ClassNotFoundException | LinkageError e) {
                // not this loader; try the next
            }
        }
        return Optional.empty();
    }

    private static Optional<Method> method(Class<?> owner, String name, Class<?>... parameterTypes) {
        try {
            return Optional.of(owner.getMethod(name, parameterTypes));
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }

    private static void invoke(Method method, Object target, Object... args) {
        try {
            method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + method, e);
        }
    }

    /** The image as PNG, base64-encoded: the form Jupyter's {@code image/png} output takes. */
    static String base64Png(RenderedImage image) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(png.toByteArray());
    }
}

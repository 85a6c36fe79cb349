package org.mbpo.env.mujoco;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import java.util.Map;

/**
 * The MuJoCo C library, bound with JNA's direct mapping (each {@code native} method below calls the C
 * function of the same name in {@code libmujoco.so}).
 *
 * <p>Where the library comes from: the path in the environment variable {@code MBPO_MUJOCO_LIB} if set,
 * otherwise {@code libmujoco.so} on the system's library path, {@code LD_LIBRARY_PATH} or
 * {@code $CONDA_PREFIX/lib}. Debian's {@code libmujoco-dev} installs MuJoCo 2.2.2.
 *
 * <p>Struct fields ({@code qpos}, {@code body_mass}, ...) are read at byte offsets from a
 * {@link MujocoLayout} made from the headers of the same MuJoCo version. Nothing is trusted blindly: the
 * layout is chosen by {@code mj_version()}, and at load time {@link LayoutCheck} compares every field this
 * binding reads with what {@code mj_printModel}/{@code mj_printData} print for a probe model. A library of
 * another version, or one whose layout disagrees, is refused with one line saying so. Tables exist for 2.2.2
 * (Debian's, what CI runs) and 3.14.0 (made from the headers of the mujoco 3.14.0 wheel and checked against its
 * {@code libmujoco.so.3.14.0}); physics differ between versions (see {@code MujocoReplayTest}).
 */
public final class Mujoco {
    /** The variable naming the library file, for installations off the library path. */
    public static final String LIBRARY_VARIABLE = "MBPO_MUJOCO_LIB";

    /** The versions with a layout table ({@code layout-VERSION.txt}); each is still verified at load time. */
    static final String CHECKED_VERSIONS = "2.2.2 and 3.14.0";

    static final String INSTALL_HINT = "install it with 'apt-get install libmujoco-dev' (Debian/Ubuntu: MuJoCo 2.2.2) "
            + "or 'conda install -c conda-forge mujoco' (the binding has layouts for MuJoCo " + CHECKED_VERSIONS + "), or set "
            + LIBRARY_VARIABLE + " to the path of libmujoco.so";

    private static final Object LOCK = new Object();
    private static volatile MujocoLayout layout;
    private static volatile String failure;

    private Mujoco() {
    }

    /** True if the library loaded and passed its layout check. */
    public static boolean isAvailable() {
        load();
        return layout != null;
    }

    /** Why the library is unavailable (one line), or null if it is available. */
    public static String unavailableReason() {
        load();
        return failure;
    }

    /** The version string of the loaded library, e.g. {@code 2.2.2}. */
    public static String version() {
        return require() != null ? mj_versionString() : null;
    }

    /** The checked layout; throws {@link MujocoUnavailableException} when the library cannot be used. */
    static MujocoLayout require() {
        load();
        if (layout == null) {
            throw new MujocoUnavailableException(failure);
        }
        return layout;
    }

    private static void load() {
        if (layout != null || failure != null) {
            return;
        }
        synchronized (LOCK) {
            if (layout != null || failure != null) {
                return;
            }
            String path = System.getenv(LIBRARY_VARIABLE);
            String conda = System.getenv("CONDA_PREFIX");
            if (conda != null && !conda.isBlank()) {
                NativeLibrary.addSearchPath("mujoco", conda + "/lib");
            }
            NativeLibrary lib;
            try {
                lib = NativeLibrary.getInstance(path != null && !path.isBlank() ? path : "mujoco", Map.of());
                Native.register(Mujoco.class, lib);
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                failure = "MuJoCo C library not found (" + (path != null && !path.isBlank() ? path : "libmujoco.so") + "): " + INSTALL_HINT;
                return;
            }
            int version = mj_version();
            MujocoLayout candidate = MujocoLayout.forVersion(version);
            if (candidate == null) {
                failure = "MuJoCo " + mj_versionString() + " found (" + lib.getFile() + "), but this binding has layouts only for MuJoCo "
                        + CHECKED_VERSIONS + ": install Debian's libmujoco-dev (2.2.2), or set " + LIBRARY_VARIABLE + " to such a libmujoco.so";
                return;
            }
            try {
                LayoutCheck.verify(candidate);
            } catch (IllegalStateException e) {
                failure = "MuJoCo " + mj_versionString() + " (" + lib.getFile() + ") failed the binding's layout check: " + e.getMessage();
                return;
            }
            layout = candidate;
        }
    }

    static native int mj_version();

    static native String mj_versionString();

    static native Pointer mj_loadXML(String filename, Pointer vfs, byte[] error, int errorSize);

    static native Pointer mj_makeData(Pointer m);

    static native void mj_deleteData(Pointer d);

    static native void mj_deleteModel(Pointer m);

    static native void mj_resetData(Pointer m, Pointer d);

    static native void mj_step(Pointer m, Pointer d);

    static native void mj_forward(Pointer m, Pointer d);

    static native void mj_rnePostConstraint(Pointer m, Pointer d);

    static native int mj_name2id(Pointer m, int type, String name);

    static native void mj_printModel(Pointer m, String filename);

    static native void mj_printData(Pointer m, Pointer d, String filename);
}

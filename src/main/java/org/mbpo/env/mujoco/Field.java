package org.mbpo.env.mujoco;

/**
 * A struct field this binding reads: its name in {@code mjModel}/{@code mjData}, the size that counts its rows
 * ({@code nq}, {@code nbody}, ...) and the number of columns, as the MuJoCo headers document them.
 * Integer arrays are {@code int}; all others are {@code mjtNum} (double).
 */
enum Field {
    QPOS0(false, "qpos0", "nq", 1),
    BODY_PARENTID(false, "body_parentid", "nbody", 1, true),
    BODY_POS(false, "body_pos", "nbody", 3),
    BODY_QUAT(false, "body_quat", "nbody", 4),
    BODY_IPOS(false, "body_ipos", "nbody", 3),
    BODY_IQUAT(false, "body_iquat", "nbody", 4),
    BODY_MASS(false, "body_mass", "nbody", 1),
    BODY_INERTIA(false, "body_inertia", "nbody", 3),
    JNT_TYPE(false, "jnt_type", "njnt", 1, true),
    JNT_SOLREF(false, "jnt_solref", "njnt", -'R'),
    JNT_SOLIMP(false, "jnt_solimp", "njnt", -'I'),
    JNT_POS(false, "jnt_pos", "njnt", 3),
    JNT_AXIS(false, "jnt_axis", "njnt", 3),
    JNT_STIFFNESS(false, "jnt_stiffness", "njnt", 1),
    JNT_RANGE(false, "jnt_range", "njnt", 2),
    JNT_MARGIN(false, "jnt_margin", "njnt", 1),
    DOF_FRICTIONLOSS(false, "dof_frictionloss", "nv", 1),
    DOF_ARMATURE(false, "dof_armature", "nv", 1),
    DOF_DAMPING(false, "dof_damping", "nv", 1),
    GEOM_TYPE(false, "geom_type", "ngeom", 1, true),
    GEOM_CONTYPE(false, "geom_contype", "ngeom", 1, true),
    GEOM_CONAFFINITY(false, "geom_conaffinity", "ngeom", 1, true),
    GEOM_CONDIM(false, "geom_condim", "ngeom", 1, true),
    GEOM_SOLREF(false, "geom_solref", "ngeom", -'R'),
    GEOM_SOLIMP(false, "geom_solimp", "ngeom", -'I'),
    GEOM_SIZE(false, "geom_size", "ngeom", 3),
    GEOM_POS(false, "geom_pos", "ngeom", 3),
    GEOM_QUAT(false, "geom_quat", "ngeom", 4),
    GEOM_FRICTION(false, "geom_friction", "ngeom", 3),
    GEOM_MARGIN(false, "geom_margin", "ngeom", 1),
    SITE_POS(false, "site_pos", "nsite", 3),
    ACTUATOR_GAINPRM(false, "actuator_gainprm", "nu", -'G'),
    ACTUATOR_BIASPRM(false, "actuator_biasprm", "nu", -'B'),
    ACTUATOR_CTRLRANGE(false, "actuator_ctrlrange", "nu", 2),
    ACTUATOR_GEAR(false, "actuator_gear", "nu", 6),

    QPOS(true, "qpos", "nq", 1),
    QVEL(true, "qvel", "nv", 1),
    ACT(true, "act", "na", 1),
    QACC_WARMSTART(true, "qacc_warmstart", "nv", 1),
    CTRL(true, "ctrl", "nu", 1),
    QACC(true, "qacc", "nv", 1),
    XPOS(true, "xpos", "nbody", 3),
    XIPOS(true, "xipos", "nbody", 3),
    SITE_XPOS(true, "site_xpos", "nsite", 3),
    CINERT(true, "cinert", "nbody", 10),
    CVEL(true, "cvel", "nbody", 6),
    QFRC_ACTUATOR(true, "qfrc_actuator", "nv", 1),
    CFRC_EXT(true, "cfrc_ext", "nbody", 6),
    QFRC_CONSTRAINT(true, "qfrc_constraint", "nv", 1);

    final boolean inData;
    final String cName;
    final String rows;
    /** Columns; negative for a MuJoCo constant: 'R' mjNREF, 'I' mjNIMP, 'G' mjNGAIN, 'B' mjNBIAS. */
    private final int cols;
    final boolean isInt;

    Field(boolean inData, String cName, String rows, int cols) {
        this(inData, cName, rows, cols, false);
    }

    Field(boolean inData, String cName, String rows, int cols, boolean isInt) {
        this.inData = inData;
        this.cName = cName;
        this.rows = rows;
        this.cols = cols;
        this.isInt = isInt;
    }

    int cols(MujocoLayout layout) {
        return switch (cols) {
            case -'R' -> layout.constant("mjNREF");
            case -'I' -> layout.constant("mjNIMP");
            case -'G' -> layout.constant("mjNGAIN");
            case -'B' -> layout.constant("mjNBIAS");
            default -> cols;
        };
    }

    long offset(MujocoLayout layout) {
        return inData ? layout.data(cName) : layout.model(cName);
    }
}

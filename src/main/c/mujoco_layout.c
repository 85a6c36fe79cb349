/*
 * Prints the layout of mjModel and mjData that org.mbpo.env.mujoco.MujocoLayout hard-codes, as the
 * compiler sees it in the installed MuJoCo headers: one line per field, "<struct> <field> <offset>".
 * MujocoLayoutTest compiles and runs this (when a C compiler and the headers are present) and checks
 * that the Java table equals its output; to support another MuJoCo version, run it against that
 * version's headers and add its table.
 *
 *   cc src/main/c/mujoco_layout.c -o /tmp/mujoco_layout -lmujoco && /tmp/mujoco_layout
 */
#include <stddef.h>
#include <stdio.h>
#include <mujoco/mujoco.h>

#define M(f) printf("model %s %zu\n", #f, offsetof(mjModel, f));
#define O(f) printf("option %s %zu\n", #f, offsetof(mjOption, f));
#define D(f) printf("data %s %zu\n", #f, offsetof(mjData, f));

int main(void) {
  printf("version %d\n", mj_version());
  printf("const mjNIMP %d\nconst mjNREF %d\nconst mjNGAIN %d\nconst mjNBIAS %d\n", mjNIMP, mjNREF, mjNGAIN, mjNBIAS);
  M(nq) M(nv) M(nu) M(na) M(nbody) M(njnt) M(ngeom) M(nsite) M(nmocap) M(neq) M(ntendon)
  M(opt)
  O(timestep) O(tolerance) O(gravity) O(integrator) O(solver) O(iterations)
  M(qpos0)
  M(body_parentid) M(body_pos) M(body_quat) M(body_ipos) M(body_iquat) M(body_mass) M(body_inertia)
  M(jnt_type) M(jnt_solref) M(jnt_solimp) M(jnt_pos) M(jnt_axis) M(jnt_stiffness) M(jnt_range) M(jnt_margin)
  M(dof_frictionloss) M(dof_armature) M(dof_damping)
  M(geom_type) M(geom_contype) M(geom_conaffinity) M(geom_condim) M(geom_solref) M(geom_solimp)
  M(geom_size) M(geom_pos) M(geom_quat) M(geom_friction) M(geom_margin)
  M(site_pos)
  M(actuator_gainprm) M(actuator_biasprm) M(actuator_ctrlrange) M(actuator_gear)
  D(time)
  D(qpos) D(qvel) D(act) D(qacc_warmstart) D(ctrl) D(qacc)
  D(xpos) D(xipos) D(site_xpos) D(cinert) D(cvel)
  D(qfrc_actuator) D(cfrc_ext) D(qfrc_constraint)
  return 0;
}

package org.mbpo.env.mujoco;

/** The MuJoCo C library is missing or unusable; the message is one line saying what to install or set. */
public final class MujocoUnavailableException extends RuntimeException {
    public MujocoUnavailableException(String message) {
        super(message);
    }
}

package org.offlinepacks.api.bundle;

/**
 * Asked right before a built pack is made current: a build whose job was taken over by another
 * worker (its lease expired) must not publish. Throws when the build may no longer publish.
 */
@FunctionalInterface
public interface PublishFence {
    /** For builds that no job owns (the command line). */
    PublishFence NONE = () -> {};

    void check();
}

package org.offlinepacks.api.jobs;

public enum JobState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED
}

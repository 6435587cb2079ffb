package org.offlinepacks.api.jobs;

/**
 * The counters of one step of a build, as the job endpoint serves them.
 *
 * @param total units the step has, or -1 when not known in advance
 */
public record StepCounters(String step, long total, long done, boolean finished) {}

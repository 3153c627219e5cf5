package io.crinn4j.agent.prompt;

/**
 * One row of the lessons table: a variant of the stage, what it changed and what that was worth.
 *
 * @param id        the variant
 * @param parent    the variant it was derived from (null for the stage's start)
 * @param status    its status name
 * @param reward    its first measured reward (ratio to the seed), null when it was not scored
 * @param confirmed its reward on re-measurement (stage confirmation; for a later stage's start, the
 *                  reward it was accepted at), null when it was not re-measured
 * @param change    what it changed, in one line; null when unknown
 */
public record Lesson(String id, String parent, String status, Double reward, Double confirmed, String change) {
}

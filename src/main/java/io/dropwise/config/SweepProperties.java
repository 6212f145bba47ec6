package io.dropwise.config;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Cross-validated sweeps ({@code dropwise.sweeps.*}).
 *
 * @param maxTrials the most trials one sweep may have (a grid's combinations, a random search's budget); a larger
 *     sweep is refused with 400 before anything is stored
 * @param coordinatorInterval how often each instance looks at the unfinished sweeps: median pruning, trials waiting
 *     for room in the queue, ends missed by a crash. A job's end advances its sweep at once regardless
 * @param idleInterval how often an instance that found no unfinished sweep at its last look looks again (instead of
 *     every {@code coordinator-interval}): what it could miss is a sweep submitted on another instance that then died.
 *     A sweep submitted or cancelled here, or one of whose jobs ends or records an epoch here, is looked at at once
 */
@Validated
@ConfigurationProperties("dropwise.sweeps")
public record SweepProperties(
        @DefaultValue("1000") @Min(1) int maxTrials,
        @DefaultValue("500ms") Duration coordinatorInterval,
        @DefaultValue("5s") Duration idleInterval) {}

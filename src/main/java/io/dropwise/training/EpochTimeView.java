package io.dropwise.training;

/**
 * Where one epoch's wall time went on its training thread, in milliseconds.
 *
 * @param wallMillis from the epoch's first batch until its row and checkpoint were handed to the job's writer
 * @param trainingMillis the batches: forward, backward, update
 * @param evaluationMillis the dropout-off metrics (training metrics on a fixed sample of at most 512 training rows,
 *     validation metrics on the whole validation split)
 * @param checkpointMillis taking the epoch's checkpoint (a copy of the state) and handing it over, including any wait
 *     for the previous checkpoint's write; the write itself runs on the job's writer thread
 * @param persistenceMillis handing the epoch's row over (written on the writer thread)
 * @param otherMillis the rest (the epoch's data order, the learning rate, early stopping)
 * @param nonTrainingShare everything but training, as a share of the wall time
 */
public record EpochTimeView(
        long wallMillis,
        long trainingMillis,
        long evaluationMillis,
        long checkpointMillis,
        long persistenceMillis,
        long otherMillis,
        double nonTrainingShare) {

    static EpochTimeView of(Long wall, Long training, Long evaluation, Long checkpoint, Long persistence) {
        if (wall == null || training == null || evaluation == null || checkpoint == null || persistence == null) {
            return null;
        }
        long other = Math.max(0, wall - training - evaluation - checkpoint - persistence);
        double share = wall > 0 ? Math.round(1000.0 * (wall - training) / wall) / 1000.0 : 0;
        return new EpochTimeView(wall, training, evaluation, checkpoint, persistence, other, Math.max(0, share));
    }
}

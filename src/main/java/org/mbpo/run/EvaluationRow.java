package org.mbpo.run;

/**
 * What every algorithm's progress row has (MBPO's epoch row, SAC's evaluation row): the columns
 * {@code ./mbpo plot}, the learning curve and {@code result.json} read, and the row as its CSV line.
 */
public interface EvaluationRow {

    /** Real environment steps so far. */
    long step();

    /** Mean return of the training episodes that ended since the previous row (NaN if none). */
    double trainReturn();

    /** Mean return of the deterministic evaluation episodes. */
    double evalReturn();

    /** Their standard deviation (population). */
    double evalReturnStd();

    /** The row as a line of {@code progress.csv}. */
    String csv();
}

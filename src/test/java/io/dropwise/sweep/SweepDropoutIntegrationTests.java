package io.dropwise.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.Api;
import io.dropwise.support.IntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The question sweeps answer: on 600 rows of {@code digits} (one hidden layer of 1024, no input dropout, Adam 0.001,
 * a constant rate, max-norm 3 (the default), no L2, up to 120 epochs, early stopping on validation accuracy with
 * patience 25), 3-fold cross-validation over the hidden layer's dropout rate (0, 0.25, 0.5; objective validation
 * accuracy) picks a non-zero rate, and its refit beats the no-dropout trial's refit (made the sweep's way: every row,
 * its folds' median best epoch) in accuracy, the objective, on the 1197 rows neither saw. The metric (held-out
 * accuracy) was fixed before any setting's seeds were run; log loss is printed, not asserted. Seeds 1 and 2 run here
 * (a few seconds of one core's training each); {@code -DsweepDropoutSeeds=1,2,3,4} runs others. Every seed tried, with
 * {@link DropoutSettingExplorer} (the same folds, specs, best epochs and refits in process; it reproduces this test's
 * figures to the last digit), CV mean per rate, the pick, held-out accuracy and log loss (chosen / no dropout):
 *
 * <pre>
 * seed  CV mean: 0 / 0.25 / 0.5   pick  accuracy          log loss
 *   1    0.9650 / 0.9683 / 0.9700   0.5   0.9758 / 0.9691   0.1222 / 0.1325
 *   2    0.9567 / 0.9633 / 0.9683   0.5   0.9716 / 0.9708   0.1202 / 0.1256
 *   3    0.9567 / 0.9617 / 0.9667   0.5   0.9758 / 0.9724   0.1071 / 0.1226
 *   4    0.9617 / 0.9633 / 0.9683   0.5   0.9724 / 0.9708   0.1212 / 0.1181
 *   5    0.9617 / 0.9683 / 0.9717   0.5   0.9741 / 0.9724   0.1235 / 0.1129
 *   6    0.9683 / 0.9717 / 0.9667   0.25  0.9699 / 0.9674   0.1166 / 0.1222
 *   7    0.9600 / 0.9650 / 0.9650   0.25  0.9766 / 0.9749   0.1054 / 0.1159
 *   8    0.9600 / 0.9617 / 0.9683   0.5   0.9716 / 0.9724   0.1245 / 0.1218   (loses by 1 row)
 *   9    0.9550 / 0.9600 / 0.9600   0.25  0.9691 / 0.9666   0.1265 / 0.1368
 *  10    0.9650 / 0.9667 / 0.9700   0.5   0.9716 / 0.9674   0.1134 / 0.1358
 *  11    0.9600 / 0.9633 / 0.9667   0.5   0.9733 / 0.9749   0.1191 / 0.1165   (loses by 2 rows)
 *  12    0.9500 / 0.9550 / 0.9583   0.5   0.9716 / 0.9733   0.1197 / 0.1101   (loses by 2 rows)
 *  13    0.9667 / 0.9667 / 0.9650   0     0.9741 / 0.9741   0.1214 / 0.1214   (picks 0)
 *  14    0.9583 / 0.9617 / 0.9633   0.5   0.9733 / 0.9691   0.1145 / 0.1235
 *  15    0.9550 / 0.9633 / 0.9650   0.5   0.9758 / 0.9683   0.1112 / 0.1207
 *  16    0.9600 / 0.9633 / 0.9650   0.5   0.9708 / 0.9683   0.1363 / 0.1363
 *  17    0.9600 / 0.9617 / 0.9633   0.5   0.9666 / 0.9708   0.1436 / 0.1382   (loses by 5 rows)
 *  18    0.9533 / 0.9533 / 0.9650   0.5   0.9749 / 0.9691   0.1025 / 0.1249
 *  19    0.9533 / 0.9550 / 0.9600   0.5   0.9733 / 0.9641   0.1202 / 0.1262
 *  20    0.9600 / 0.9633 / 0.9667   0.5   0.9766 / 0.9683   0.1249 / 0.1348
 *  21    0.9567 / 0.9633 / 0.9667   0.5   0.9741 / 0.9699   0.1283 / 0.1299
 *  22    0.9550 / 0.9600 / 0.9633   0.5   0.9741 / 0.9699   0.1120 / 0.1094
 *  23    0.9600 / 0.9650 / 0.9633   0.25  0.9741 / 0.9708   0.1124 / 0.1286
 *  24    0.9583 / 0.9600 / 0.9683   0.5   0.9699 / 0.9641   0.1261 / 0.1290
 * </pre>
 *
 * So: a non-zero rate 23 times in 24 (seed 13 picks 0, and both refits are then the same model), and a held-out
 * accuracy win 19 times, by 1 to 11 rows; 4 losses, by 1, 2, 2 and 5 rows. The mean margin is +3.6 rows of 1197
 * (0.3 points); of the 23 seeds whose refits differ, 19 favour dropout, which a fair coin does with probability
 * 0.0013 (one-sided sign test). A tendency, not a law: no setting below won on every seed. On 600 rows of {@code
 * digits} the picked rate's refit gains a few rows, about as many as one run's noise moves either refit.
 *
 * <p><b>Fresh seeds 25 to 56</b> ({@code seeds=25-56 parallel=1}, 2026-12-04, a seventh machine, an Intel Xeon with
 * AVX-512, where seeds 1 and 2 gave the table's figures to the last digit; 384 s), after the setting had been chosen
 * on seeds 1 to 24. Per seed the pick and the held-out accuracy margin in rows: 25: 0.25 +3, 26: 0.5 +3, 27: 0.25 -2,
 * 28: 0.5 0, 29: 0.5 +9, 30: 0.5 +8, 31: 0.5 -2, 32: 0.25 +5, 33: 0.25 -2, 34: 0.5 -10, 35: 0.5 -1, 36: 0.5 +9,
 * 37: 0.5 0, 38: 0.5 +16, 39: 0.5 -3, 40: 0.5 +1, 41: 0.5 +3, 42: 0.5 +5, 43: 0 0, 44: 0.5 -5, 45: 0.25 +4,
 * 46: 0.5 -1, 47: 0.5 +2, 48: 0.5 +1, 49: 0.25 +9, 50: 0.5 +3, 51: 0.5 +1, 52: 0.5 -4, 53: 0.5 +5, 54: 0.5 -5,
 * 55: 0.25 +3, 56: 0.5 +5. A non-zero rate 31 times in 32; 19 wins, 10 losses (by 1 to 10 rows), 3 ties; mean margin
 * +1.9 rows (one-sided sign test 0.068); log loss lower 14 times. The 24 seeds the setting was chosen on flattered
 * it. Over all 56 seeds: 54 non-zero picks, 38 wins, 14 losses, 4 ties, mean +2.6 rows, sign test 0.0006. The gain
 * is real and small, about half what the first 24 seeds showed. The margins' standard deviation over the 56 seeds is
 * 4.7 rows (t = 4.2 for the mean): with a normal model a seed wins with probability about 0.71, so a setting this
 * close to noise cannot win on every seed (20 in a row: about 0.001).
 *
 * <p>This setting replaced two hidden layers of 512 on 2026-12-03. On the same 24 seeds those pick a non-zero rate
 * 24 times but win 16 (7 losses, by up to 9 rows; sign test 0.047), with four times the CPU (210 s against 49 s for
 * 8 seeds here). Their seeds 1 to 8, on which the other settings below were compared:
 *
 * <pre>
 * seed  CV mean: 0 / 0.25 / 0.5   pick  accuracy          log loss
 *  1    0.9567 / 0.9650 / 0.9717   0.5   0.9724 / 0.9708   0.1455 / 0.1287
 *  2    0.9633 / 0.9683 / 0.9717   0.5   0.9691 / 0.9666   0.1360 / 0.1471
 *  3    0.9600 / 0.9717 / 0.9717   0.25  0.9674 / 0.9624   0.1773 / 0.1537
 *  4    0.9500 / 0.9683 / 0.9750   0.5   0.9724 / 0.9624   0.1375 / 0.1446
 *  5    0.9567 / 0.9717 / 0.9683   0.25  0.9691 / 0.9649   0.1393 / 0.1309
 *  6    0.9550 / 0.9717 / 0.9700   0.25  0.9691 / 0.9724   0.1525 / 0.1388   (loses by 4 rows)
 *  7    0.9550 / 0.9700 / 0.9700   0.25  0.9724 / 0.9766   0.1379 / 0.1111   (loses by 5 rows)
 *  8    0.9550 / 0.9667 / 0.9700   0.5   0.9674 / 0.9624   0.1491 / 0.1356
 * </pre>
 *
 * Seeds 9 to 16 (margins in rows): -9, +6, +7, +4, -3, -3, +9, 0; seeds 17 to 24: -4, +7, +15, +7, -6, +2, +5, +14.
 *
 * <p>Other settings ({@code DropoutSettingExplorer} keys; picks of a non-zero rate, held-out accuracy wins, per seed
 * chosen / no dropout), variations of the two layers of 512 unless named:
 *
 * <ul>
 *   <li>The same with max-norm 0: identical (no row's norm reached 3), 6/8; with 900 rows 5/8; with validation loss
 *       as the objective 4/8. On 300 rows (100 per validation fold) a coin toss; with validation loss as the
 *       objective none of seeds 1 to 4 won.
 *   <li>The same with 5 folds ({@code folds=5}, 2026-12-02, load 2): picks 8/8, wins 5/8 (per seed +9, +2, 0, +3,
 *       -1, -4, +3, +9 rows; 0.25 picked 5 times). With 2 x 1024 ({@code units=1024}): seed 1 already lost by 8 rows
 *       (0.9657 / 0.9724, 0.5 picked), seed 2 won by 2; not run further.
 *   <li>Variations of this setting (600 rows, 2 x 512, Adam 0.001 constant unless named; 2026-12-02, one process per
 *       seed, {@code parallel=1}, nice 19, load 3 to 31 while the lead benchmarked, so wall times are rough). Seeds
 *       in the order 6, 7, 1, 2, 3, 4, 5, 8 (6 and 7 lose above); a setting stopped once 2 seeds lost (a tie is a
 *       loss: the test asserts "greater"). Per seed: pick, held-out accuracy chosen / no dropout (margin in rows).
 *       None wins on every seed; seed 7 sinks the two best: its no-dropout refit reads 0.9766 as above with
 *       patience 50, with the cosine schedule and with L2 (12, 12 and 22 epochs), and no chosen refit reached it.
 *       <ul>
 *         <li>{@code patience=50 epochs=200}: picks 8/8, wins 7/8 (694 s): 6: 0.5 0.9741 / 0.9724 (+2),
 *             7: 0.5 0.9716 / 0.9766 (-6), 1: 0.5 0.9724 / 0.9716 (+1), 2: 0.5 0.9741 / 0.9666 (+9),
 *             3: 0.25 0.9683 / 0.9624 (+7), 4: 0.5 0.9724 / 0.9624 (+12), 5: 0.5 0.9699 / 0.9649 (+6),
 *             8: 0.5 0.9699 / 0.9691 (+1).
 *         <li>Adam with the cosine schedule ({@code schedule=cosine}, 120 epochs, the refit keeping its trials'
 *             schedule; not in the list of settings to try, run last): picks 8/8, wins 7/8 (480 s):
 *             6: 0.5 0.9749 / 0.9724 (+3), 7: 0.5 0.9716 / 0.9766 (-6), 1: 0.5 0.9749 / 0.9708 (+5),
 *             2: 0.5 0.9749 / 0.9699 (+6), 3: 0.25 0.9674 / 0.9624 (+6), 4: 0.5 0.9716 / 0.9624 (+11),
 *             5: 0.25 0.9691 / 0.9657 (+4), 8: 0.25 0.9691 / 0.9624 (+8).
 *         <li>Both of those at once ({@code patience=50 epochs=200 schedule=cosine}, 2026-12-02 evening, another
 *             machine, nice 19 beside a CI run, 935 s): picks 8/8, wins 6/8: 7: 0.25 0.9541 / 0.9766 (-27),
 *             6: 0.5 0.9749 / 0.9724 (+3), 1: 0.5 0.9741 / 0.9708 (+4), 2: 0.5 0.9766 / 0.9666 (+12),
 *             3: 0.25 0.9657 / 0.9624 (+4), 4: 0.25 0.9708 / 0.9624 (+10), 5: 0.5 0.9691 / 0.9649 (+5),
 *             8: 0.25 0.9691 / 0.9691 (0). Here every pick of 0.5 won; the loss and the tie were picks of 0.25.
 *         <li>3 x 512 ({@code layers=3}): 6: 0.25 0.9657 / 0.9699 (-5), 7: 0.5 0.9708 / 0.9616 (+11),
 *             1: 0.5 0.9699 / 0.9749 (-6); stopped (172 s).
 *         <li>{@code batch=64}: 6: 0.25 0.9724 / 0.9724 (0), 7: 0.5 0.9758 / 0.9774 (-2); stopped (33 s).
 *         <li>{@code batch=16}: 6: 0.25 0.9624 / 0.9699 (-9), 7: 0.25 0.9691 / 0.9683 (+1),
 *             1: 0.5 0.9741 / 0.9774 (-4); stopped (137 s).
 *         <li>L2 with dropout ({@code l2=0.0001}): 6: 0.5 0.9657 / 0.9724 (-8), 7: 0.25 0.9724 / 0.9766 (-5);
 *             stopped (56 s).
 *         <li>SGD 0.05, Nesterov momentum 0.9 ({@code optimizer=sgd lr=0.05}), constant: 6: 0.25 0.9532 / 0.9532
 *             (0), 7: 0.25 0.9541 / 0.9290 (+30), 1: 0.25 0.9541 / 0.9641 (-12); stopped (137 s). Cosine:
 *             6: 0.25 0.9440 / 0.9532 (-11), 7: 0.25 0.9599 / 0.9298 (+36), 1: 0.25 0.9474 / 0.9641 (-20);
 *             stopped (48 s). The dropout refits' log loss is 0.30 to 0.51 at this rate.
 *         <li>SGD 0.02, Nesterov momentum 0.9 ({@code optimizer=sgd lr=0.02}), constant: 6: 0.5 0.9699 / 0.9566
 *             (+16), 7: 0.5 0.9724 / 0.9574 (+18), 1: 0.5 0.9674 / 0.9683 (-1), 2: 0.5 0.9683 / 0.9674 (+1),
 *             3: 0.25 0.9641 / 0.9666 (-3); stopped (83 s). Cosine: 6: 0.25 0.9641 / 0.9566 (+9),
 *             7: 0.5 0.9574 / 0.9574 (0), 1: 0.5 0.9607 / 0.9683 (-9); stopped (57 s).
 *         <li>450 rows ({@code rows=450}, 1347 held out): 6: 0.25 0.9710 / 0.9607 (+14), 7: 0.25 0.9584 / 0.9725
 *             (-19), 1: 0.25 0.9659 / 0.9666 (-1); stopped (108 s).
 *         <li>2 x 256 ({@code units=256}): 0.25 picked every time, 6: 0.9708 / 0.9657 (+6), 7: 0.9699 / 0.9691
 *             (+1), 1: 0.9724 / 0.9708 (+2), 2: 0.9699 / 0.9632 (+8), 3: 0.9649 / 0.9683 (-4), 4: 0.9674 / 0.9699
 *             (-3); stopped (92 s).
 *       </ul>
 *   <li><b>Fresh seeds</b> (2026-12-02 night, a third 2-core machine, {@code seeds=9-16}): the two layers of 512
 *       pick 8/8 and win 4/8 (per seed 9 to 16: -9, +6, +7, +4, -3, -3, +9, 0 rows). Over 16 seeds: 16 picks,
 *       10 wins. The 8 seeds above, on which the settings were chosen, flattered it.
 *   <li><b>One hidden layer</b> ({@code layers=1}; the same night; seeds in the order 8, 6, 7, 1 to 5, or 6, 7, 1 to
 *       5, 8; per seed the margin in rows). Seeds 6 and 7, which this test's setting loses, win here, but the margins
 *       are small:
 *       <ul>
 *         <li>1 x 1024 ({@code layers=1 units=1024}, 69 s): picks 8/8, wins 7/8: 6: 0.25 +3, 7: 0.25 +2, 1: 0.5 +8,
 *             2: 0.5 +1, 3: 0.5 +4, 4: 0.5 +2, 5: 0.5 +2, 8: 0.5 0.9716 / 0.9724 (-1). On the fresh seeds 9 to 16:
 *             picks 7/8 (13 picks 0), wins 5/8: +3, +5, -2, -2, 0, +5, +9, +3. Over 16 seeds: 15 picks, 12 wins.
 *         <li>1 x 1024 with {@code patience=50 epochs=200}: 7/8 (seed 8 loses by 1 row); with
 *             {@code schedule=cosine}: 7/8 (seed 2 ties); with all three: 5/8 (worst -4).
 *         <li>1 x 512: 6/8 (worst -2); 1 x 1536: picks 7/8, wins 6/8; 1 x 2048: 5/8 (worst -6); 1 x 1024 with
 *             {@code batch=64}: 4/8, {@code batch=16}: 5/8, {@code lr=0.0005}: 6/8 (worst -5), {@code folds=5}:
 *             6/8, {@code rows=300}: 4/8 (worst -11), {@code rows=450}: 5/8.
 *       </ul>
 *       On 2026-12-03 (a fourth machine, seeds 17 to 24, {@code seeds=17-24}) 1 x 1024 won 7 of 8 (-5, +7, +11, +10,
 *       +5, +5, +4, +7) and the two layers of 512 6 of 8, so 1 x 1024 became this test's setting (the table above).
 *       That afternoon (a fifth machine), variations of this setting on seeds 1 to 8, wins and the worst margin:
 *       {@code maxNorm=2} gives the table's very figures (no weight row's norm reached 2 either), 7/8 (-1);
 *       {@code maxNorm=1} 5/8 (-2; seed 6 picks 0); {@code lr=0.002} 7/8 (-5, seed 5); {@code lr=0.002 maxNorm=2}
 *       the same 7/8; {@code lr=0.003} 5/8 (-3); {@code lr=0.002 batch=64} 5/8 (-8); {@code patience=10} 6/8 (-2).
 *       None beats the setting above.
 *   <li>300 rows (1497 held out), 2 x 800, Adam 0.001 with a <b>cosine</b> schedule, up to 100 epochs, patience 25
 *       ({@code schedule=cosine rows=300 units=800 epochs=100}). Before the refit kept its trials' schedule (the
 *       refit's cosine spanned its own 2 to 28 epochs; {@code refitSchedule=refit}): picks 16/16, wins 14/16 (8/8
 *       on seeds 1 to 8, seed 11 lost by 1 row, 14 by 6), but much of that margin was the refit's handicap: on 5 of
 *       seeds 1 to 8 the no-dropout folds' median best epoch is 2 to 5, and a refit that short annealed before it had
 *       learnt. Since the refit's schedule spans the trials' 100 epochs ({@code learningRateSchedule.epochs}: the
 *       refit's epoch e has its folds' rate of epoch e), the same folds, picks and refit epochs give, seeds 1 to 8,
 *       chosen / no dropout (margin in rows), the no-dropout refit before the fix in brackets:
 *       <pre>
 * seed  pick  accuracy                 log loss          no dropout, old refit
 *  1    0.5   0.9546 / 0.9499  (+7)    0.2315 / 0.2208   (0.9412, 5 epochs)
 *  2    0.5   0.9593 / 0.9626  (-5)    0.2110 / 0.2003   (0.9599, 24 epochs)
 *  3    0.25  0.9599 / 0.9479 (+18)    0.1621 / 0.2261   (0.9426, 4 epochs)
 *  4    0.5   0.9586 / 0.9552  (+5)    0.1585 / 0.1717   (0.9352, 3 epochs)
 *  5    0.5   0.9593 / 0.9559  (+5)    0.1756 / 0.1914   (0.9519, 28 epochs)
 *  6    0.25  0.9506 / 0.9385 (+18)    0.1953 / 0.2429   (0.9479, 5 epochs)
 *  7    0.5   0.9559 / 0.9559   (0)    0.1895 / 0.1999   (0.9519, 10 epochs)
 *  8    0.5   0.9559 / 0.9238 (+48)    0.1610 / 0.2901   (0.8985, 2 epochs)
 *       </pre>
 *       Wins 6/8 (seed 2 loses by 5 rows, seed 7 ties). The no-dropout refits gained 0.76 points on average (0.9411
 *       to 0.9487; seed 6 lost 1.0), the dropout ones stayed where they were (0.9563, 0.9568): the median margin fell
 *       from 16 rows to 6. Seed 8's no-dropout refit is still weak: its folds peaked at epochs 2, 11 and 2, and
 *       the refit trains for the median, 2 (the sweep's rule, not the schedule).
 *   <li>The same with 2 x 1024 ({@code units=1024}), the refit keeping its trials' schedule: picks 8/8, wins 5/8, log
 *       loss 7/8 (1484 s for 8 seeds at load 9 to 34). Seeds 1 to 8, pick, chosen / no dropout (rows), refit epochs:
 *       0.5 0.9619 / 0.9552 (+10; 11, 10), 0.5 0.9506 / 0.9539 (-5; 15, 7), 0.5 0.9599 / 0.9412 (+28; 14, 8),
 *       0.5 0.9492 / 0.9499 (-1; 11, 6), 0.5 0.9526 / 0.9446 (+12; 12, 8), 0.5 0.9559 / 0.9399 (+24; 15, 4),
 *       0.25 0.9259 / 0.9532 (-41; 3, 4: the 0.25 folds peaked at epochs 5, 3, 3), 0.25 0.9499 / 0.9459 (+6; 13, 7).
 *   <li>2 x 800 with the cosine schedule and Adam 0.0003 ({@code lr=0.0003}), the refit keeping its trials'
 *       schedule: picks 7/8 (seed 6 picks 0), wins 5/8, log loss 6/8 (180 s at load 3): 0.9506 / 0.9499 (+1),
 *       0.9579 / 0.9519 (+9), 0.9653 / 0.9559 (+14), 0.9606 / 0.9593 (+2), 0.9506 / 0.9579 (-11, a pick of 0.5),
 *       0.9546 / 0.9546 (the pick is 0), 0.9532 / 0.9552 (-3), 0.9586 / 0.9552 (+5).
 *   <li>300 rows, 2 x 800, Adam 0.001 constant, up to 100 epochs: wins 3/4 (0.9559 / 0.9452, 0.9506 / 0.9626,
 *       0.9593 / 0.9479, 0.9579 / 0.9552).
 *   <li>300 rows, 3 x 512, Adam 0.001 constant, up to 100 epochs: wins 4/4 by 2, 5, 10 and 1 rows (0.9546 / 0.9532,
 *       0.9492 / 0.9459, 0.9512 / 0.9446, 0.9559 / 0.9552); with the cosine schedule 3/4 (with the old, shortened
 *       refit schedule), and with the refit keeping its trials' schedule, seeds 1 to 8: picks 8/8 (0.25 every
 *       time), wins 5/8, log loss 4/8 (543 s at load 6): 0.9546 / 0.9532 (+2), 0.9539 / 0.9466 (+11),
 *       0.9552 / 0.9446 (+16), 0.9519 / 0.9552 (-5), 0.9532 / 0.9532 (0), 0.9579 / 0.9606 (-4), 0.9646 / 0.9572
 *       (+11), 0.9572 / 0.9426 (+22).
 *   <li>300 rows, 2 x 800, SGD 0.1, Nesterov momentum 0.95 (the paper's high rate): picks 0/4 (the 0.5 trials reach
 *       0.68 to 0.77 in CV; this engine averages the loss over the batch, so 0.1 is already high). SGD 0.02, momentum
 *       0.9: wins 1/4; with a cosine schedule 3/4 (with the old, shortened refit schedule).
 * </ul>
 */
class SweepDropoutIntegrationTests extends IntegrationTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final int TRAIN_ROWS = 600;
    private static final List<Long> SEEDS = Arrays.stream(
                    System.getProperty("sweepDropoutSeeds", "1,2").split(","))
            .map(s -> Long.parseLong(s.trim()))
            .toList();

    /** One seed's sweep and the two refits compared on the held-out rows. */
    private record Outcome(long seed, JsonNode sweep, double chosen, double[] best, double[] none) {}

    @Test
    void crossValidationPicksDropoutAndItsRefitBeatsNoDropoutOnHeldOutRows() throws IOException {
        List<String> lines = digits();
        String header = lines.get(0);
        List<String> rows = new ArrayList<>(lines.subList(1, lines.size()));
        Collections.shuffle(rows, new Random(2026));
        List<String> train = rows.subList(0, TRAIN_ROWS);
        List<String> heldOut = rows.subList(TRAIN_ROWS, rows.size());
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Api.Response upload = api.send(
                "POST",
                "/datasets?name=digits" + TRAIN_ROWS + "-" + suffix + "&labelColumn=digit",
                "text/csv",
                header + "\n" + String.join("\n", train) + "\n",
                Map.of());
        assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
        String datasetId = upload.json().get("id").asString();

        // every seed's sweep is queued at once: their fold jobs share the workers
        Map<Long, String> sweepIds = new LinkedHashMap<>();
        for (long seed : SEEDS) {
            sweepIds.put(
                    seed, SweepScenarios.submit(api, sweep("digits-rate-" + suffix + "-" + seed, datasetId, seed)));
        }
        Map<Long, JsonNode> sweeps = new LinkedHashMap<>();
        Map<Long, String> baselines = new LinkedHashMap<>();
        for (long seed : SEEDS) {
            JsonNode sweep = SweepScenarios.await(api, sweepIds.get(seed), TIMEOUT);
            System.out.println(
                    "Sweep of seed " + seed + " (" + TRAIN_ROWS + " rows of digits):\n" + SweepScenarios.table(sweep));
            assertThat(sweep.get("status").asString()).as(sweep.toString()).isEqualTo("SUCCEEDED");
            sweeps.put(seed, sweep);
            baselines.put(seed, submitNoDropoutRefit(sweep));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (long seed : SEEDS) {
            JsonNode sweep = sweeps.get(seed);
            JsonNode baseline = api.awaitJob(baselines.get(seed), TIMEOUT, "SUCCEEDED", "FAILED", "CANCELLED");
            assertThat(baseline.get("status").asString())
                    .as(baseline.toString())
                    .isEqualTo("SUCCEEDED");
            double chosen = sweep.at("/best/params")
                    .get("model.hiddenLayers[*].dropout")
                    .asDouble();
            double[] best = evaluate(
                    sweep.at("/model/name").asString(),
                    sweep.at("/model/version").asInt(),
                    heldOut);
            double[] none = evaluate(sweep.get("name").asString() + "-no-dropout", 1, heldOut);
            outcomes.add(new Outcome(seed, sweep, chosen, best, none));
        }
        System.out.printf("Held-out %d rows (accuracy, log loss) of the refits:%n", heldOut.size());
        for (Outcome o : outcomes) {
            System.out.printf(
                    Locale.ROOT,
                    "seed %d: CV %s; chosen %.2f: %.4f, %.4f; dropout 0: %.4f, %.4f%n",
                    o.seed(),
                    cv(o.sweep()),
                    o.chosen(),
                    o.best()[0],
                    o.best()[1],
                    o.none()[0],
                    o.none()[1]);
        }
        SoftAssertions softly = new SoftAssertions();
        for (Outcome o : outcomes) {
            softly.assertThat(o.chosen())
                    .as("seed %d: the rate cross-validation picked", o.seed())
                    .isGreaterThan(0);
            softly.assertThat(o.best()[0])
                    .as("seed %d: held-out accuracy (the objective), chosen rate's refit vs no dropout's", o.seed())
                    .isGreaterThan(o.none()[0]);
        }
        softly.assertAll();
    }

    private static String sweep(String name, String datasetId, long seed) {
        return """
                {"name": "%s",
                 "base": {"datasetId": "%s",
                          "model": {"inputDropout": 0,
                                    "hiddenLayers": [{"units": 1024, "dropout": 0}]},
                          "training": {"epochs": 120, "batchSize": 32, "l2": 0, "seed": %d,
                                       "checkpointEveryEpochs": 40,
                                       "optimizer": {"type": "adam", "learningRate": 0.001},
                                       "earlyStopping": {"patience": 25, "metric": "validationAccuracy"}}},
                 "search": {"grid": {"model.hiddenLayers[*].dropout": [0, 0.25, 0.5]}},
                 "validation": {"folds": 3, "seed": 1},
                 "objective": "validationAccuracy",
                 "maxConcurrentTrials": 3}""".formatted(name, datasetId, seed);
    }

    /**
     * Queues the no-dropout trial's refit, made the way the sweep makes its own ({@link SweepCoordinator#refitTraining}):
     * its fold job's spec on every row for the median of its folds' best epochs (a cosine schedule keeping the
     * trials' length). Returns the job's id.
     */
    private String submitNoDropoutRefit(JsonNode sweep) {
        JsonNode noDropout = sweep.get("trials").get(0);
        assertThat(noDropout.get("params").get("model.hiddenLayers[*].dropout").asDouble())
                .isZero();
        List<Integer> bestEpochs = new ArrayList<>();
        noDropout.get("folds").forEach(f -> bestEpochs.add(f.get("bestEpoch").asInt()));
        Collections.sort(bestEpochs);
        JsonNode foldJob =
                api.get("/jobs/" + noDropout.at("/folds/0/jobId").asString()).json();
        ObjectNode spec = (ObjectNode) foldJob.get("spec").deepCopy();
        spec.put("name", sweep.get("name").asString() + "-no-dropout");
        SweepCoordinator.refitTraining((ObjectNode) spec.get("training"), Math.max(1, bestEpochs.get(1)));
        Api.Response baseline = api.postJson("/jobs", JSON.writeValueAsString(spec));
        assertThat(baseline.status()).as(baseline.toString()).isEqualTo(202);
        return baseline.json().get("id").asString();
    }

    /** Each trial's cross-validated mean, e.g. {@code 0.00 0.9567, 0.25 0.9650, 0.50 0.9717}. */
    private static String cv(JsonNode sweep) {
        List<String> scores = new ArrayList<>();
        sweep.get("trials")
                .forEach(t -> scores.add(String.format(
                        Locale.ROOT,
                        "%.2f %.4f",
                        t.get("params").get("model.hiddenLayers[*].dropout").asDouble(),
                        t.get("mean").asDouble())));
        return String.join(", ", scores);
    }

    /** Held-out accuracy and log loss of a model version (predicted in calls of at most 1000 rows). */
    private double[] evaluate(String model, int version, List<String> rows) {
        int correct = 0;
        double logLoss = 0;
        for (int from = 0; from < rows.size(); from += 1000) {
            List<String> chunk = rows.subList(from, Math.min(rows.size(), from + 1000));
            StringBuilder instances = new StringBuilder("{\"instances\": [");
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                String[] cells = chunk.get(i).split(",");
                labels.add(cells[cells.length - 1]);
                instances.append(i == 0 ? "" : ",").append('[');
                instances.append(String.join(",", Arrays.copyOf(cells, cells.length - 1)));
                instances.append(']');
            }
            instances.append("]}");
            Api.Response response =
                    api.postJson("/models/" + model + "/versions/" + version + "/predict", instances.toString());
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            JsonNode predictions = response.json().get("predictions");
            for (int i = 0; i < chunk.size(); i++) {
                JsonNode p = predictions.get(i);
                correct += p.get("label").asString().equals(labels.get(i)) ? 1 : 0;
                logLoss -= Math.log(
                        Math.max(1e-7, p.get("probabilities").get(labels.get(i)).asDouble()));
            }
        }
        return new double[] {(double) correct / rows.size(), logLoss / rows.size()};
    }

    private static List<String> digits() throws IOException {
        try (InputStream in = new ClassPathResource("datasets/digits.csv").getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}

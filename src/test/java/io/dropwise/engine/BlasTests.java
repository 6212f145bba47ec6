package io.dropwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Native OpenBLAS and the pure-Java fallback against a double-precision reference, for every transpose case. */
class BlasTests {

    @Test
    void nativeOpenBlasIsLoaded() {
        assertThat(Blas.get()).isInstanceOf(NativeBlas.class);
    }

    @ParameterizedTest(name = "transA={0} transB={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void sgemmMatchesTheReferenceInBothImplementations(boolean transA, boolean transB) {
        int m = 7;
        int n = 5;
        int k = 9;
        Matrix a = Fixtures.gaussian(m * k, 1);
        Matrix b = Fixtures.gaussian(k * n, 2);
        Matrix c0 = Fixtures.gaussian(m * n, 3);
        for (Blas blas : new Blas[] {new NativeBlas(), new JavaBlas()}) {
            Matrix c = new Matrix(m, n);
            c.copyFrom(c0);
            blas.sgemm(transA, transB, m, n, k, 0.5f, a.data, transA ? m : k, b.data, transB ? k : n, 0.25f, c.data, n);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        double aip = transA ? a.get(p * m + i) : a.get(i * k + p);
                        double bpj = transB ? b.get(j * k + p) : b.get(p * n + j);
                        sum += aip * bpj;
                    }
                    double expected = 0.5 * sum + 0.25 * c0.get(i * n + j);
                    assertThat((double) c.get(i * n + j))
                            .as(blas.name())
                            .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5));
                }
            }
        }
    }

    @Test
    void sgemvAndSaxpyMatchInBothImplementations() {
        Matrix a = Fixtures.gaussian(6 * 4, 4);
        Matrix x6 = Fixtures.gaussian(6, 5);
        Matrix x4 = Fixtures.gaussian(4, 6);
        for (Blas blas : new Blas[] {new NativeBlas(), new JavaBlas()}) {
            Matrix y = new Matrix(1, 6);
            y.fill(1f);
            blas.sgemv(false, 6, 4, 2f, a.data, 4, x4.data, 1f, y.data); // (6) = (6,4)·(4)
            Matrix yt = new Matrix(1, 4);
            blas.sgemv(true, 6, 4, 1f, a.data, 4, x6.data, 0f, yt.data); // (4) = (6,4)ᵀ·(6)
            for (int o = 0; o < 6; o++) {
                double sum = 0;
                for (int i = 0; i < 4; i++) {
                    sum += (double) a.get(o * 4 + i) * x4.get(i);
                }
                assertThat((double) y.get(o)).isCloseTo(2 * sum + 1, org.assertj.core.data.Offset.offset(1e-5));
            }
            for (int o = 0; o < 4; o++) {
                double sum = 0;
                for (int i = 0; i < 6; i++) {
                    sum += (double) a.get(i * 4 + o) * x6.get(i);
                }
                assertThat((double) yt.get(o)).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-5));
            }
            Matrix z = new Matrix(1, 6);
            z.copyFrom(x6);
            blas.saxpy(6, -2f, x6.data, z.data);
            for (int i = 0; i < 6; i++) {
                assertThat(z.get(i)).isEqualTo(-x6.get(i));
            }
        }
    }
}

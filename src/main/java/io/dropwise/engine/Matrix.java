package io.dropwise.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A float32 row-major matrix held off-heap (a direct, native-order buffer) so native BLAS reads it in place without
 * copying. A matrix is allocated once for the largest batch; a smaller batch uses its first {@code rows * cols}
 * values. Element access is absolute: the buffer's position is always 0.
 */
final class Matrix {

    final int rows;
    final int cols;
    final FloatBuffer data;

    Matrix(int rows, int cols) {
        long size = (long) rows * cols;
        if (rows <= 0 || cols <= 0 || size > Integer.MAX_VALUE / Float.BYTES) {
            throw new IllegalArgumentException("matrix shape " + rows + "x" + cols + " is empty or too large");
        }
        this.rows = rows;
        this.cols = cols;
        this.data = ByteBuffer.allocateDirect((int) size * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    int size() {
        return rows * cols;
    }

    float get(int i) {
        return data.get(i);
    }

    void set(int i, float v) {
        data.put(i, v);
    }

    float get(int r, int c) {
        return data.get(r * cols + c);
    }

    void set(int r, int c, float v) {
        data.put(r * cols + c, v);
    }

    void fill(float v) {
        int n = size();
        for (int i = 0; i < n; i++) {
            data.put(i, v);
        }
    }

    void copyFrom(float[] values) {
        requireSize(values.length);
        data.put(0, values, 0, values.length);
    }

    void copyFrom(Matrix other) {
        requireSize(other.size());
        data.put(0, other.data, 0, other.size());
    }

    float[] toArray() {
        float[] out = new float[size()];
        data.get(0, out, 0, out.length);
        return out;
    }

    private void requireSize(int n) {
        if (n != size()) {
            throw new IllegalArgumentException(
                    "expected " + size() + " values for a " + rows + "x" + cols + " matrix, got " + n);
        }
    }
}

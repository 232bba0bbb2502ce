package io.custos.shared;

/**
 * The four levels of the classification catalog (R-COL-3). L1 and L2 are stored in clear, L3 and
 * L4 only as ciphertext; L4 needs a separate consent.
 */
public enum Sensitivity {
    L1, L2, L3, L4;

    public boolean encrypted() {
        return this == L3 || this == L4;
    }

    public int level() {
        return ordinal() + 1;
    }

    public static Sensitivity of(int level) {
        if (level < 1 || level > 4) {
            throw new IllegalArgumentException("A sensitivity level is 1 to 4");
        }
        return values()[level - 1];
    }
}

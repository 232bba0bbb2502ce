package io.custos.customer;

import java.util.UUID;

/**
 * A set of UUIDs in two longs each (open addressing, linear probing), for the destruction journal's
 * reconciliation: a million destroyed customers take 32 to 64 MB here, against some 90 MB in a
 * {@code HashSet<UUID>}. The nil UUID marks an empty slot, so it is never a member; it is never a
 * customer's id either.
 */
final class IdSet {

    private long[] slots;
    private int size;

    IdSet() {
        slots = new long[2 * 1024];
    }

    int size() {
        return size;
    }

    /** Adds the id; false when it was there already (or is the nil UUID). */
    boolean add(UUID id) {
        long high = id.getMostSignificantBits();
        long low = id.getLeastSignificantBits();
        if (high == 0 && low == 0) {
            return false;
        }
        if ((size + 1) * 2L > slots.length / 2) {
            grow();
        }
        return put(slots, high, low);
    }

    boolean contains(UUID id) {
        long high = id.getMostSignificantBits();
        long low = id.getLeastSignificantBits();
        int capacity = slots.length / 2;
        for (int i = index(high, low, capacity); ; i = (i + 1) & (capacity - 1)) {
            long h = slots[2 * i];
            long l = slots[2 * i + 1];
            if (h == 0 && l == 0) {
                return false;
            }
            if (h == high && l == low) {
                return true;
            }
        }
    }

    private boolean put(long[] table, long high, long low) {
        int capacity = table.length / 2;
        for (int i = index(high, low, capacity); ; i = (i + 1) & (capacity - 1)) {
            long h = table[2 * i];
            long l = table[2 * i + 1];
            if (h == 0 && l == 0) {
                table[2 * i] = high;
                table[2 * i + 1] = low;
                if (table == slots) {
                    size++;
                }
                return true;
            }
            if (h == high && l == low) {
                return false;
            }
        }
    }

    private void grow() {
        long[] old = slots;
        long[] bigger = new long[old.length * 2];
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != 0 || old[i + 1] != 0) {
                put(bigger, old[i], old[i + 1]);
            }
        }
        slots = bigger;
    }

    private static int index(long high, long low, int capacity) {
        long mixed = (high ^ low) * 0x9E3779B97F4A7C15L;
        return (int) (mixed >>> 32) & (capacity - 1);
    }
}

package io.custos.keys;

/** No data key or managed keyset is wrapped under an older master key than {@code keyId} any more. */
public record MasterKeyRewrapFinished(int keyId, long rewrapped) {
}

package io.custos.incident;

/**
 * The national four-level scale of network-security incidents (《国家网络安全事件报告管理办法》 and its
 * grading guide): 特别重大 (level I), 重大 (level II), 较大 (level III), 一般 (level IV).
 */
public enum Severity {
    PARTICULARLY_SERIOUS, SERIOUS, RELATIVELY_SERIOUS, GENERAL;

    /** Only for the lowest level may notification be recorded as not required. */
    public boolean mayWaiveNotification() {
        return this == GENERAL;
    }
}

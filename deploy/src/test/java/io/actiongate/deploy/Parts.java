package io.actiongate.deploy;

/** Stops what a deployment test started, in the order given, each even if another fails to stop. */
final class Parts {

    private Parts() {
    }

    static void stopAll(AutoCloseable... parts) {
        for (AutoCloseable part : parts) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                System.out.println("[actiongate] stopping " + part + " failed: " + e);
            }
        }
    }
}

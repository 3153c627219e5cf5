package io.crinn4j.sandbox.harness;

import io.crinn4j.contract.vector.Kernels;

/**
 * What a measurement ran on, recorded next to every number the tool prints: JDK, VM, kernels,
 * CPU count and operating system.
 */
public record Method(String jdk, String vm, String kernels, int cpus, String os) {

    public static Method current() {
        return new Method(System.getProperty("java.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
                Kernels.get().name(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }

    /** E.g. {@code JDK 17.0.15, kernels panama-512, 2 CPUs}. */
    public String describe() {
        return "JDK " + jdk + ", kernels " + kernels + ", " + cpus + " CPUs";
    }
}

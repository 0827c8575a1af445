package io.github.vdsoagent.vocabulary;

/** Gives each rewritten call instruction its call-site id (the registry of call sites implements it). */
public interface SiteIds {
    /**
     * @param loaderId    tells apart same-named classes of different class loaders
     * @param instruction the call's position among its method's invoke instructions
     * @param sourceFile  null when the class has no SourceFile attribute
     * @param line        -1 when the instruction has no line number
     */
    int idFor(int loaderId, String className, String methodName, String methodDescriptor, int instruction,
              String sourceFile, int line, TimeApi api);
}

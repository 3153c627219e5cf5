package io.crinn4j.agent.propose.mutate;

import com.github.javaparser.ast.type.PrimitiveType;
import com.github.javaparser.ast.type.Type;

/**
 * The numeric type of an expression as far as {@link TypeOracle} can tell. {@link #FLOATING}
 * means "float or double, not known which" (a float plus the result of an unknown call).
 */
enum NumType {
    INT, LONG, FLOAT, DOUBLE, FLOATING;

    boolean isFloating() {
        return this == FLOAT || this == DOUBLE || this == FLOATING;
    }

    /** Binary numeric promotion; null when the result is not known to be numeric. */
    static NumType promote(NumType a, NumType b) {
        if (a == DOUBLE || b == DOUBLE) {
            return DOUBLE;
        }
        if (a == null || b == null) {
            NumType known = a == null ? b : a;
            return known != null && known.isFloating() ? FLOATING : null;
        }
        if (a == FLOATING || b == FLOATING) {
            return FLOATING;
        }
        if (a == FLOAT || b == FLOAT) {
            return FLOAT;
        }
        if (a == LONG || b == LONG) {
            return LONG;
        }
        return INT;
    }

    /** The numeric type of a declared type; null for anything else (arrays, boolean, classes). */
    static NumType of(Type t) {
        if (t == null || !t.isPrimitiveType()) {
            if (t != null && t.isClassOrInterfaceType()) {
                switch (t.asClassOrInterfaceType().getNameAsString()) {
                    case "Integer": case "Short": case "Byte": case "Character":
                        return INT;
                    case "Long":
                        return LONG;
                    case "Float":
                        return FLOAT;
                    case "Double":
                        return DOUBLE;
                    default:
                        return null;
                }
            }
            return null;
        }
        PrimitiveType.Primitive p = t.asPrimitiveType().getType();
        switch (p) {
            case INT: case SHORT: case BYTE: case CHAR:
                return INT;
            case LONG:
                return LONG;
            case FLOAT:
                return FLOAT;
            case DOUBLE:
                return DOUBLE;
            default:
                return null;
        }
    }
}

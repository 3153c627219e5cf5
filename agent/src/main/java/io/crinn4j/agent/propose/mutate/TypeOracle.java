package io.crinn4j.agent.propose.mutate;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.type.Type;
import java.util.Optional;

/**
 * Numeric types of expressions without a symbol solver: names are resolved to the nearest
 * declaration in scope (locals of enclosing blocks and for-headers, parameters, fields of the
 * enclosing classes), array elements take the component type, literals and casts their own type,
 * arithmetic the promoted type, calls the declared return type of a same-named method of the file
 * (or the known {@code Math} functions). Anything else is unknown ({@code null}), and operators
 * that need a type skip it. Shadowing is approximated (any declaration in an enclosing block
 * counts, wherever it is in the block).
 */
final class TypeOracle {

    private TypeOracle() {
    }

    static boolean isFloating(Expression e) {
        NumType t = typeOf(e);
        return t != null && t.isFloating();
    }

    static NumType typeOf(Expression e) {
        if (e instanceof IntegerLiteralExpr || e instanceof CharLiteralExpr) {
            return NumType.INT;
        }
        if (e instanceof LongLiteralExpr) {
            return NumType.LONG;
        }
        if (e instanceof DoubleLiteralExpr) {
            String v = ((DoubleLiteralExpr) e).getValue();
            char last = Character.toLowerCase(v.charAt(v.length() - 1));
            return last == 'f' ? NumType.FLOAT : NumType.DOUBLE;
        }
        if (e instanceof EnclosedExpr) {
            return typeOf(((EnclosedExpr) e).getInner());
        }
        if (e instanceof CastExpr) {
            return NumType.of(((CastExpr) e).getType());
        }
        if (e instanceof UnaryExpr) {
            UnaryExpr u = (UnaryExpr) e;
            return u.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT ? null : typeOf(u.getExpression());
        }
        if (e instanceof NameExpr) {
            return NumType.of(declaredType((NameExpr) e).orElse(null));
        }
        if (e instanceof ArrayAccessExpr) {
            Optional<Type> t = arrayType(((ArrayAccessExpr) e).getName());
            return t.isPresent() && t.get().isArrayType() ? NumType.of(t.get().asArrayType().getComponentType()) : null;
        }
        if (e instanceof FieldAccessExpr) {
            FieldAccessExpr f = (FieldAccessExpr) e;
            if (f.getNameAsString().equals("length") && !(f.getScope() instanceof ThisExpr)) {
                return NumType.INT;
            }
            if (f.getScope() instanceof ThisExpr) {
                return NumType.of(fieldType(f, f.getNameAsString()).orElse(null));
            }
            return null;
        }
        if (e instanceof BinaryExpr) {
            BinaryExpr b = (BinaryExpr) e;
            switch (b.getOperator()) {
                case PLUS: case MINUS: case MULTIPLY: case DIVIDE: case REMAINDER:
                    return NumType.promote(typeOf(b.getLeft()), typeOf(b.getRight()));
                case LEFT_SHIFT: case SIGNED_RIGHT_SHIFT: case UNSIGNED_RIGHT_SHIFT:
                    return typeOf(b.getLeft());
                default:
                    return null;
            }
        }
        if (e instanceof ConditionalExpr) {
            ConditionalExpr c = (ConditionalExpr) e;
            return NumType.promote(typeOf(c.getThenExpr()), typeOf(c.getElseExpr()));
        }
        if (e instanceof AssignExpr) {
            return typeOf(((AssignExpr) e).getTarget());
        }
        if (e instanceof MethodCallExpr) {
            return callType((MethodCallExpr) e);
        }
        return null;
    }

    private static NumType callType(MethodCallExpr m) {
        String name = m.getNameAsString();
        Optional<Expression> scope = m.getScope();
        if (scope.isPresent() && scope.get() instanceof NameExpr
                && ((NameExpr) scope.get()).getNameAsString().equals("Math")) {
            switch (name) {
                case "abs": case "max": case "min":
                    NumType t = null;
                    for (int i = 0; i < m.getArguments().size(); i++) {
                        NumType a = typeOf(m.getArgument(i));
                        t = i == 0 ? a : NumType.promote(t, a);
                    }
                    return t;
                case "sqrt": case "log": case "exp": case "pow": case "floor": case "ceil": case "log10":
                case "cbrt": case "random": case "sin": case "cos": case "tan": case "atan": case "hypot":
                    return NumType.DOUBLE;
                case "round":
                    return m.getArguments().size() == 1 && typeOf(m.getArgument(0)) == NumType.FLOAT ? NumType.INT : NumType.LONG;
                case "fma":
                    return m.getArguments().isEmpty() ? null : typeOf(m.getArgument(0));
                default:
                    return null;
            }
        }
        if (scope.isPresent() && !(scope.get() instanceof ThisExpr)) {
            return null;
        }
        Node root = m.findRootNode();
        NumType found = null;
        boolean any = false;
        for (MethodDeclaration d : root.findAll(MethodDeclaration.class)) {
            if (d.getNameAsString().equals(name) && d.getParameters().size() == m.getArguments().size()) {
                NumType t = NumType.of(d.getType());
                if (any && t != found) {
                    return null;
                }
                found = t;
                any = true;
            }
        }
        return found;
    }

    private static Optional<Type> arrayType(Expression arrayExpr) {
        if (arrayExpr instanceof NameExpr) {
            return declaredType((NameExpr) arrayExpr);
        }
        if (arrayExpr instanceof FieldAccessExpr && ((FieldAccessExpr) arrayExpr).getScope() instanceof ThisExpr) {
            return fieldType(arrayExpr, ((FieldAccessExpr) arrayExpr).getNameAsString());
        }
        if (arrayExpr instanceof ArrayAccessExpr) {
            Optional<Type> outer = arrayType(((ArrayAccessExpr) arrayExpr).getName());
            return outer.filter(Type::isArrayType).map(t -> t.asArrayType().getComponentType());
        }
        return Optional.empty();
    }

    /** The declared type of the variable a name refers to, searching outwards from the name. */
    static Optional<Type> declaredType(NameExpr n) {
        return declaration(n, n.getNameAsString()).map(TypeOracle::typeOfDeclaration);
    }

    /** The declaration (a {@link VariableDeclarator} or {@link Parameter}) a name refers to, searching outwards. */
    static Optional<Node> declaration(Node from, String name) {
        Node cur = from.getParentNode().orElse(null);
        while (cur != null) {
            if (cur instanceof BlockStmt) {
                for (Statement s : ((BlockStmt) cur).getStatements()) {
                    if (s instanceof ExpressionStmt && ((ExpressionStmt) s).getExpression() instanceof VariableDeclarationExpr) {
                        Optional<Node> v = find(((VariableDeclarationExpr) ((ExpressionStmt) s).getExpression()).getVariables(), name);
                        if (v.isPresent()) {
                            return v;
                        }
                    }
                }
            } else if (cur instanceof ForStmt) {
                for (Expression init : ((ForStmt) cur).getInitialization()) {
                    if (init instanceof VariableDeclarationExpr) {
                        Optional<Node> v = find(((VariableDeclarationExpr) init).getVariables(), name);
                        if (v.isPresent()) {
                            return v;
                        }
                    }
                }
            } else if (cur instanceof ForEachStmt) {
                Optional<Node> v = find(((ForEachStmt) cur).getVariable().getVariables(), name);
                if (v.isPresent()) {
                    return v;
                }
            } else if (cur instanceof CallableDeclaration) {
                for (Parameter p : ((CallableDeclaration<?>) cur).getParameters()) {
                    if (p.getNameAsString().equals(name)) {
                        return Optional.of(p);
                    }
                }
            } else if (cur instanceof LambdaExpr) {
                for (Parameter p : ((LambdaExpr) cur).getParameters()) {
                    if (p.getNameAsString().equals(name)) {
                        return Optional.of(p);
                    }
                }
            } else if (cur instanceof CatchClause) {
                if (((CatchClause) cur).getParameter().getNameAsString().equals(name)) {
                    return Optional.of(((CatchClause) cur).getParameter());
                }
            } else if (cur instanceof TypeDeclaration) {
                Optional<Node> f = field((TypeDeclaration<?>) cur, name);
                if (f.isPresent()) {
                    return f;
                }
            }
            cur = cur.getParentNode().orElse(null);
        }
        return Optional.empty();
    }

    /** The field declaration ({@link VariableDeclarator}) {@code this.name} refers to, searching the enclosing classes outwards. */
    static Optional<Node> fieldDeclaration(Node from, String name) {
        for (Node cur = from.getParentNode().orElse(null); cur != null; cur = cur.getParentNode().orElse(null)) {
            if (cur instanceof TypeDeclaration) {
                Optional<Node> f = field((TypeDeclaration<?>) cur, name);
                if (f.isPresent()) {
                    return f;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Type> fieldType(Node from, String name) {
        for (Node cur = from.getParentNode().orElse(null); cur != null; cur = cur.getParentNode().orElse(null)) {
            if (cur instanceof TypeDeclaration) {
                Optional<Node> f = field((TypeDeclaration<?>) cur, name);
                if (f.isPresent()) {
                    return Optional.of(typeOfDeclaration(f.get()));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Node> field(TypeDeclaration<?> t, String name) {
        for (BodyDeclaration<?> m : t.getMembers()) {
            if (m instanceof FieldDeclaration) {
                Optional<Node> v = find(((FieldDeclaration) m).getVariables(), name);
                if (v.isPresent()) {
                    return v;
                }
            }
        }
        if (t instanceof RecordDeclaration) {
            for (Parameter p : ((RecordDeclaration) t).getParameters()) {
                if (p.getNameAsString().equals(name)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Node> find(NodeList<VariableDeclarator> vars, String name) {
        for (VariableDeclarator v : vars) {
            if (v.getNameAsString().equals(name)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    private static Type typeOfDeclaration(Node d) {
        if (d instanceof VariableDeclarator) {
            return ((VariableDeclarator) d).getType();
        }
        Parameter p = (Parameter) d;
        return p.isVarArgs() ? new com.github.javaparser.ast.type.ArrayType(p.getType()) : p.getType();
    }
}

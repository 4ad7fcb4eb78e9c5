package io.meetkit.architecture;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads which classes a class file refers to, from its constant pool (JVMS §4.4): every {@code CONSTANT_Class} entry
 * (the classes whose members it uses, its supertypes, thrown and caught types) and every class named inside a
 * descriptor or signature {@code CONSTANT_Utf8} (field and method types, generic signatures, annotations). That is
 * every type the compiled code depends on; what only a Javadoc {@code @link} names is not in the class file.
 */
final class ClassFileReferences {

    private static final Pattern IN_DESCRIPTOR = Pattern.compile("L([A-Za-z_$][\\w$]*(?:/[\\w$]+)+)[;<]");

    /** The class a file defines and the classes it refers to, binary names with dots ({@code a.b.C$D}). */
    record Parsed(String name, Set<String> references) {}

    private ClassFileReferences() {}

    static Parsed parse(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndex = new int[count];
        List<Integer> classEntries = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> {
                    classNameIndex[i] = in.readUnsignedShort();
                    classEntries.add(i);
                }
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // eight-byte constants take two slots
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
            }
        }
        in.readUnsignedShort(); // access flags
        int thisClass = in.readUnsignedShort();
        String name = dotted(utf8[classNameIndex[thisClass]]);
        Set<String> refs = new TreeSet<>();
        for (int entry : classEntries) {
            String internalName = utf8[classNameIndex[entry]];
            if (internalName.startsWith("[")) {
                addFromDescriptor(internalName, refs);
            } else {
                refs.add(dotted(internalName));
            }
        }
        for (String s : utf8) {
            if (s != null && s.indexOf(';') > 0) {
                addFromDescriptor(s, refs);
            }
        }
        refs.remove(name);
        return new Parsed(name, refs);
    }

    private static void addFromDescriptor(String descriptor, Set<String> refs) {
        Matcher m = IN_DESCRIPTOR.matcher(descriptor);
        while (m.find()) {
            refs.add(dotted(m.group(1)));
        }
    }

    private static String dotted(String internalName) {
        return internalName.replace('/', '.');
    }
}

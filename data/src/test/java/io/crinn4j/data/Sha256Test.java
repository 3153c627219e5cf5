package io.crinn4j.data;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Sha256Test {

    @Test
    void knownValues() {
        // FIPS 180-2 test vectors.
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.hex(""));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.hex("abc"));
        assertEquals(Sha256.hex("ü"), Sha256.hex("ü".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void inPiecesEqualsAtOnce() {
        MessageDigest md = Sha256.digest();
        md.update("a".getBytes(StandardCharsets.US_ASCII));
        md.update("bc".getBytes(StandardCharsets.US_ASCII));
        assertEquals(Sha256.hex("abc"), Sha256.hex(md));
        assertEquals(Sha256.hex(""), Sha256.hex(md)); // reset by the first hex
    }
}

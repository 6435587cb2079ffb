package org.offlinepacks.api.bundle;

import java.util.Arrays;
import java.util.HexFormat;
import org.offlinepacks.boundarydata.json.CanonicalJson;

/** The SHA-256 of a part writer's inputs, written as canonical JSON (see {@link PartWriter#inputsKey}). */
final class InputsKey {
    private InputsKey() {}

    static String of(Object... inputs) {
        return HexFormat.of().formatHex(Sha256.newDigest().digest(CanonicalJson.bytes(Arrays.asList(inputs))));
    }
}

package org.offlinepacks.api.cli;

import java.nio.file.Path;

/** A command that writes into a data folder: its failures are checked for a full disk there. */
interface DataFolderCommand {
    /** The data folder, or null when the command did not get as far as knowing it. */
    Path dataFolder();
}

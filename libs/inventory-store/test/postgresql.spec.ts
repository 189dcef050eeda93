// The inventory store on postgresql, on a database made for this run.
import { describeInventoryStore } from "./store-conformance.js";

describeInventoryStore("postgresql");

import { describeDirectWorkflows } from "./direct-workflows.js";

describeDirectWorkflows("sqlite");
describeDirectWorkflows("sqlite", { instantActions: false });

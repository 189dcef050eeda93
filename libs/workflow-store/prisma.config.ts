// The Prisma CLI's configuration for this library (tools/prisma/cli-config.ts explains it).
import { prismaCliConfig } from "../../tools/prisma/cli-config.js";

export default prismaCliConfig();

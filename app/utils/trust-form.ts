import { z } from "zod";

export const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"] as const;

/** A new trust's details, as the set-up page and the platform administrator's page ask for them. */
export const TrustFields = z.object({
  trustName: z.string().trim().min(1, "Enter the trust's name").max(120, "The trust's name must be 120 characters or fewer"),
  // ODS organisation codes for NHS trusts are three characters (e.g. RXX); other bodies use up to five.
  odsCode: z
    .string()
    .trim()
    .min(1, "Enter the trust's ODS code")
    .regex(/^[A-Za-z0-9]{3,5}$/, "Enter the ODS code as 3 to 5 letters and numbers, like RXX")
    .transform((c) => c.toUpperCase()),
  foundationTrust: z.enum(["yes", "no"], { errorMap: () => ({ message: "Say whether the trust is a foundation trust" }) }).transform((v) => v === "yes"),
  financialYearStartMonth: z.coerce.number({ invalid_type_error: "Choose the month the financial year starts" }).int().min(1, "Choose the month the financial year starts").max(12, "Choose the month the financial year starts"),
  fromDemoScheme: z.boolean(),
});

/** Reads the trust fields of a submitted form. */
export function trustFieldsFrom(form: FormData) {
  return {
    trustName: form.get("trustName") ?? "",
    odsCode: form.get("odsCode") ?? "",
    foundationTrust: form.get("foundationTrust") ?? "",
    financialYearStartMonth: form.get("financialYearStartMonth") ?? "",
    fromDemoScheme: form.get("fromDemoScheme") === "on",
  };
}

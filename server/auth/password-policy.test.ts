import { describe, expect, it } from "vitest";
import { newPasswordProblem, passwordProblem } from "./password-policy";

describe("password rules (NCSC: length and a deny-list, no composition rules)", () => {
  it("accepts a long phrase without digits, capitals or symbols", () => {
    expect(passwordProblem("correct river lamp")).toBeNull();
    expect(passwordProblem("tealbicyclewindow")).toBeNull();
  });
  it("keeps the demo password valid", () => {
    expect(passwordProblem("Devolve-demo-2027")).toBeNull();
  });
  it("refuses short passwords, saying how long", () => {
    expect(passwordProblem("Sh0rt!pass")).toMatch(/at least 12 characters/);
    expect(passwordProblem("")).toBe("Enter a password");
  });
  it("refuses common passwords and them with digits or symbols on the end", () => {
    for (const p of ["password1234", "Password2027!", "qwertyuiop123", "iloveyou1234", "Liverpool2027", "123456789012", "Welcome2027!!"]) expect(passwordProblem(p), p).toMatch(/most commonly used/);
  });
  it("refuses repeated characters and the person's own address or name", () => {
    expect(passwordProblem("aaaaaaaaaaaa")).toMatch(/repeats/);
    expect(passwordProblem("abcabcabcabc")).toMatch(/repeats/);
    expect(passwordProblem("jane.smith99@nhs.net", { email: "jane.smith99@nhs.net" })).toMatch(/e-mail address/);
    expect(passwordProblem("Margaret Thompson", { name: "Margaret Thompson" })).toMatch(/your name/);
  });

  it("checks a new password before its confirmation, naming the field at fault", () => {
    expect(newPasswordProblem("short", "short", {})).toEqual({ field: "password", message: passwordProblem("short") });
    expect(newPasswordProblem("correct horse battery", "correct horse battery!", {})).toEqual({ field: "confirm", message: "The passwords do not match" });
    expect(newPasswordProblem("correct horse battery", "correct horse battery", {})).toBeNull();
  });
});

import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { signOut } from "../utils/auth.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  return redirect("/sign-in", { headers: { "Set-Cookie": signOut(request, context) } });
}

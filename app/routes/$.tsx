import { notFound } from "../utils/http";

/** Every unknown address ends here, so the root error boundary shows the 404 page. */
export async function loader() {
  notFound();
}

export default function NotFound() {
  return null;
}

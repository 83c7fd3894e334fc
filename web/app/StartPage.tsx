import { HomePage } from '../features/home/HomePage';
import { FrontDoorPage } from '../features/public/FrontDoorPage';
import { useSession } from '../lib/session';

/** `/`: the residents' front door; signed in, the staff home. The session decides, not the address. */
export function StartPage() {
  const { me } = useSession();
  return me ? <HomePage /> : <FrontDoorPage />;
}

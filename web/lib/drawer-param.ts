import { useLocation, useNavigate, useSearchParams } from 'react-router';

/**
 * What a side drawer shows, kept in the address (?<param>=<id>) so a link opens it. One
 * opened here is a step in the history, so a phone's Back closes it rather than leaving the
 * page, and closing it steps back the same way; one opened from a link just closes.
 */
export function useDrawerParam(param: string) {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const openedHere = (location.state as { drawerOpenedHere?: boolean } | null)?.drawerOpenedHere === true;
  const withId = (id: string | null) => (current: URLSearchParams) => {
    const next = new URLSearchParams(current);
    if (id) next.set(param, id);
    else next.delete(param);
    return next;
  };
  return {
    openId: params.get(param),
    open: (id: string) => setParams(withId(id), { replace: openedHere, state: { drawerOpenedHere: true } }),
    close: () => (openedHere ? void navigate(-1) : setParams(withId(null), { replace: true })),
  };
}

"""Log in with either the username or the mobile number."""
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def _normalise(login: str) -> str:
    return (login or "").strip()


def find_user(login: str):
    User = get_user_model()
    login = _normalise(login)
    if not login:
        return None
    if login.isdigit() and len(login) == 11:
        user = User.objects.filter(mobile=login).first()
        if user:
            return user
    return User.objects.filter(username__iexact=login).first()


class UsernameOrMobileBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = find_user(username)
        if user is None:
            # Spend the same time as a real check so timing does not reveal who exists.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request, credentials) -> str:
    """Axes counts failures per account: a mobile number counts against its username."""
    typed = _normalise((credentials or {}).get("username", "")) or _normalise(request.POST.get("username", ""))
    user = find_user(typed)
    return user.username if user else typed.lower()

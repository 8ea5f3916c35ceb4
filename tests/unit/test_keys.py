"""Each purpose has its own key; none of them is the instance secret."""
from hall.keys import Keys, derive


def test_purposes_get_different_keys_none_of_them_the_secret():
    keys = Keys.from_secret("instance-secret")
    values = [keys.tokens, keys.identities]
    assert len(set(values)) == 2
    assert "instance-secret" not in values
    assert all(len(v) == 64 for v in values)


def test_the_same_secret_gives_the_same_keys_and_another_secret_others():
    assert Keys.from_secret("a") == Keys.from_secret("a")
    assert Keys.from_secret("a").identities != Keys.from_secret("b").identities
    assert derive("a", "tokens") != derive("a", "identities")

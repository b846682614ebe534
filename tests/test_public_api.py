import marsad


def test_public_api_is_exactly_what_all_declares():
    for name in marsad.__all__:
        assert getattr(marsad, name) is not None, name
    public = {n for n in dir(marsad) if not n.startswith("_")} - {"annotations"}
    # Submodules are importable but not part of the flat API.
    modules = {n for n in public if type(getattr(marsad, n)).__name__ == "module"}
    assert public - modules <= set(marsad.__all__)

from ninja import Router

router = Router(tags=["事前公开"], auth=None)
